package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.settings.Hosts;
import java.net.URI;
import java.util.Map;

/** The pre-signed address of a backup archive: its query is a credential, so it is never printed. */
public record DownloadUrl(URI uri) {

    /** From {@code {"download_url": "…"}}: an https URL (http only on this machine). */
    public static DownloadUrl from(Map<String, Object> answer) {
        Object raw = answer.get("download_url");
        if (!(raw instanceof String s) || s.isBlank()) {
            throw new SyncFailure("Scalingo gave no download_url for the backup archive: unexpected API answer");
        }
        URI uri;
        try {
            uri = URI.create(s.trim());
        } catch (IllegalArgumentException e) {
            throw new SyncFailure("Scalingo's download_url for the backup archive is not a URL: unexpected API answer");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean localHttp = "http".equals(uri.getScheme()) && Hosts.isLoopback(uri.getHost());
        if (uri.getHost() == null || !(https || localHttp)) {
            throw new SyncFailure("Scalingo's download_url for the backup archive is not an https address ("
                    + new DownloadUrl(uri) + "): refused");
        }
        // its query is a credential: masked wherever it would appear (logs, messages, the report)
        Redactor.register(uri.getRawQuery());
        return new DownloadUrl(uri);
    }

    @Override
    public String toString() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?***");
    }
}
