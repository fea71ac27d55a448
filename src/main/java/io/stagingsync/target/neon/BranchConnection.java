package io.stagingsync.target.neon;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.TargetDatabase;

/**
 * The connection URI Neon gives for a branch, as the run's target: always over TLS ({@code sslmode=require} added
 * when it names no mode); one that would turn TLS off is refused unless NEON_ALLOW_INSECURE (a local stand-in).
 */
final class BranchConnection {

    private BranchConnection() {
    }

    static TargetDatabase of(String uri, String branch, boolean allowInsecure) {
        if (uri == null || uri.isBlank()) {
            throw new RefusedException("Neon gave no connection URI for branch " + branch);
        }
        String url = uri.trim();
        if (!url.contains("sslmode=")) {
            url += (url.contains("?") ? "&" : "?") + "sslmode=require";
        }
        TargetDatabase db = TargetDatabase.parse(url, "the connection URI of Neon branch " + branch);
        if (!db.requiresTls() && !allowInsecure) {
            throw new RefusedException("the connection URI Neon gave for branch " + branch + " (host " + db.host()
                    + ") turns TLS off (sslmode other than require, verify-ca or verify-full): refused; a Neon branch "
                    + "is always reached over TLS (NEON_ALLOW_INSECURE=true is for a local stand-in only)");
        }
        return db;
    }
}
