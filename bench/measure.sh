# Helpers the benchmark scripts share (sourced): clock, load average, a fresh database, the disk high-water mark.
now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }
load1() { cut -d' ' -f1 /proc/loadavg; }
fresh_db() { dropdb --if-exists --force "$1" >/dev/null 2>&1; createdb "$1"; }
# poll_disk DIR FILE: writes DIR's largest size seen (bytes) into FILE, five times a second, until killed
poll_disk() {
  local max=0 s
  while :; do
    s=$(du -sb "$1" 2>/dev/null | cut -f1) || true
    if [ -n "$s" ] && [ "$s" -gt "$max" ]; then max=$s; echo "$max" > "$2"; fi
    sleep 0.2
  done
}
