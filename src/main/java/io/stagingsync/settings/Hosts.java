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
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
