package io.stagingsync.settings;

/** Which hosts are this machine: traffic to them never leaves it, so it needs no TLS. */
public final class Hosts {

    private Hosts() {
    }

    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase().replace("[", "").replace("]", "");
        // IP literals only: a name such as 127.evil.example is anything but local
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
