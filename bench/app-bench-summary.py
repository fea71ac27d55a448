#!/usr/bin/env python3
"""Medians of bench/app-bench.sh's rounds as Markdown: printed, and written into BENCHMARKS.md between markers.

Usage: app-bench-summary.py RESULTS_TSV SIZES_TSV STARTED ROUNDS NOTES_MD   (NOTES_MD "-": print only)
"""
import os
import platform
import re
import statistics
import subprocess
import sys

BEGIN, END = "<!-- app-bench:begin -->", "<!-- app-bench:end -->"
# what the variants should reach on a 2-core machine with default settings
TARGET_SYNC_OVER_FLOOR, TARGET_GEM_OVER_SYNC, TARGET_RSS_MIB, TARGET_DISK_OVER_DUMP = 1.3, 1.35, 300, 1.2


def median(values):
    return statistics.median(values) if values else None


def mib(n):
    return n / 1048576


def fmt_ms(ms):
    return f"{ms / 1000:.1f} s"


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            mem = int(next(line.split()[1] for line in f if line.startswith("MemTotal"))) / 1048576
    except (OSError, StopIteration):
        mem = 0
    pg = subprocess.run(["psql", "-X", "-Atc", "SHOW server_version", "-d", "postgres"],
                        capture_output=True, text=True).stdout.strip() or "unknown"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"PostgreSQL {pg.split()[0] if pg else pg} on the same machine; staging-sync at {commit or 'unknown'}"
            f"{' with local changes' if dirty else ''}")


def main():
    results_path, sizes_path, started, rounds, notes = sys.argv[1:6]
    rows = [line.rstrip("\n").split("\t") for line in open(results_path) if line.strip()]
    sizes = {}
    for line in open(sizes_path):
        size, info = line.rstrip("\n").split("\t")
        sizes[size] = dict(kv.split("=") for kv in info.split())
    by = {}
    for size, rnd, variant, ms, rss, disk, load, details in rows:
        by.setdefault(size, {}).setdefault(variant, []).append(
            {"ms": int(ms), "rss": int(rss) if rss else None, "disk": int(disk) if disk else None,
             "load": float(load), "details": details})

    loads = [r["load"] for s in by.values() for v in s.values() for r in v]
    cores = os.cpu_count() or 1
    # The 1-minute average still counts the variant that just ended (each keeps the cores busy), so a load up to
    # about one and a half times the cores is the benchmark's own; beyond that, other work took CPU from it.
    busy = median(loads) > 1.5 * cores
    out = [f"### Last measured ({started}, {rounds} rounds per size)", "",
           f"Machine: {machine()}.",
           f"Load average (1 min) at the start of each measurement: {min(loads):.1f} to {max(loads):.1f}, "
           f"median {median(loads):.1f} on {cores} cores: "
           + ("**the machine was busy with other work**, so absolute times are inflated; compare the ratios."
              if busy else "the machine was about idle (the 1-minute average still counts the previous variant)."), ""]

    out += ["| database on disk (personal-data tables) | dump (archive) | floor: `pg_restore -j2` / `-j4` | "
            "gem's method | staging-sync `run` | staging-sync / floor | gem / staging-sync | JVM peak RSS | "
            "work dir peak (× dump) |",
            "|---|---|---|---|---|---|---|---|---|"]
    checks = []
    stage_names = []
    for size, variants in by.items():
        info = sizes[size]
        m = {v: median([r["ms"] for r in rs]) for v, rs in variants.items()}
        floor = min(m["floor-j2"], m["floor-j4"])
        sync = variants["sync"]
        rss = median([r["rss"] for r in sync]) / 1024
        disk = median([r["disk"] for r in sync])
        dump = int(info["dump_bytes"])
        s_f, g_s = m["sync"] / floor, m["gem"] / m["sync"]
        out.append(f"| {mib(int(info['db_bytes'])):,.0f} MiB ({int(info['users']):,} users; "
                   f"{100 * int(info['pii_bytes']) / int(info['db_bytes']):.0f} %) | "
                   f"{mib(dump):,.0f} MiB ({mib(int(info['archive_bytes'])):,.0f} MiB) | "
                   f"{fmt_ms(m['floor-j2'])} / {fmt_ms(m['floor-j4'])} | {fmt_ms(m['gem'])} | {fmt_ms(m['sync'])} | "
                   f"**{s_f:.2f}** | **{g_s:.2f}** | {rss:.0f} MiB | {mib(disk):,.0f} MiB ({disk / dump:.2f}) |")
        checks.append((size, s_f, g_s, rss, disk / dump))
        for r in sync + variants.get("sync-base", []):
            for name in re.findall(r"([\w-]+)=", r["details"]):
                if name not in stage_names:
                    stage_names.append(name)

    out += ["", "staging-sync's stages (medians, from `report.json`), and the gem's method split in two:", "",
            "| database | " + " | ".join(stage_names) + " | outside the stages (JVM and Camel start, stop) "
            "| gem: `pg_restore` | gem: UPDATEs |",
            "|---|" + "---|" * (len(stage_names) + 3)]
    for size, variants, variant in [(s, v, n) for s, v in by.items() for n in ("sync", "sync-base") if n in v]:
        per, outside = {}, []
        for r in variants[variant]:
            found = [(name, int(ms)) for name, ms in re.findall(r"([\w-]+)=(\d+)", r["details"])]
            for name, ms in found:
                per.setdefault(name, []).append(ms)
            outside.append(r["ms"] - sum(ms for _, ms in found))
        gem = {}
        for r in variants["gem"]:
            for name, ms in re.findall(r"(\w+)=(\d+)", r["details"]):
                gem.setdefault(name, []).append(int(ms))
        out.append(f"| {mib(int(sizes[size]['db_bytes'])):,.0f} MiB{' (baseline jar)' if variant == 'sync-base' else ''} | "
                   + " | ".join(fmt_ms(median(per[n])) if n in per else "" for n in stage_names)
                   + f" | {fmt_ms(median(outside))} | {fmt_ms(median(gem['restore']))} | {fmt_ms(median(gem['update']))} |")

    for size, variants in by.items():
        if "sync-base" in variants:
            base = variants["sync-base"]
            m_sync, m_base = median([r["ms"] for r in variants["sync"]]), median([r["ms"] for r in base])
            out += ["", f"Against the baseline jar ({mib(int(sizes[size]['db_bytes'])):,.0f} MiB): staging-sync "
                    f"{fmt_ms(m_sync)}, baseline {fmt_ms(m_base)}, sync / sync-base **{m_sync / m_base:.2f}**; JVM peak "
                    f"RSS {median([r['rss'] for r in variants['sync']]) / 1024:.0f} MiB against "
                    f"{median([r['rss'] for r in base]) / 1024:.0f} MiB."]
    out += ["", "Every round (ms; the variants' order rotates from round to round):", ""]
    for size, variants in by.items():
        out.append(f"- {mib(int(sizes[size]['db_bytes'])):,.0f} MiB: "
                   + "; ".join(f"{v} " + ", ".join(f"{r['ms']:,}" for r in rs) for v, rs in variants.items()))

    out += ["", "Targets (2 cores, default settings): staging-sync ≤ "
            f"{TARGET_SYNC_OVER_FLOOR} × the floor; the gem's method ≥ {TARGET_GEM_OVER_SYNC} × staging-sync; "
            f"JVM peak RSS ≤ {TARGET_RSS_MIB} MiB and flat across sizes; work directory ≤ {TARGET_DISK_OVER_DUMP} × "
            "the dump.", ""]
    for size, s_f, g_s, rss, d in checks:
        def verdict(ok):
            return "met" if ok else "**not met**"
        out.append(f"- {size} MB: staging-sync / floor {s_f:.2f} {verdict(s_f <= TARGET_SYNC_OVER_FLOOR)}; "
                   f"gem / staging-sync {g_s:.2f} {verdict(g_s >= TARGET_GEM_OVER_SYNC)}; "
                   f"RSS {rss:.0f} MiB {verdict(rss <= TARGET_RSS_MIB)}; "
                   f"disk {d:.2f} × dump {verdict(d <= TARGET_DISK_OVER_DUMP)}")
    if len(checks) > 1:
        rss_values = [c[3] for c in checks]
        out.append(f"- RSS from the smallest to the largest size: {rss_values[0]:.0f} → {rss_values[-1]:.0f} MiB")

    text = "\n".join(out) + "\n"
    print()
    print(text)
    if notes != "-":
        old = open(notes).read() if os.path.exists(notes) else ""
        block = f"{BEGIN}\n{text}{END}"
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
        else:
            new = old + ("\n" if old else "") + block + "\n"
        with open(notes, "w") as f:
            f.write(new)
        print(f"written into {notes}")


if __name__ == "__main__":
    main()
