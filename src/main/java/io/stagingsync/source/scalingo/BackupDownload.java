package io.stagingsync.source.scalingo;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.archive.ArchiveUnpacker;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunControl;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.ScalingoSettings;
import java.time.Duration;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Downloads the selected Scalingo backup and unpacks it on the fly (gunzip, untar): one pass, the dump is the only
 * file written, and a download whose byte count differs from the backup's size is never restored.
 */
public final class BackupDownload {

    private final SyncSettings settings;

    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final ScalingoRoutes routes;
    private final ArchiveUnpacker unpacker = new ArchiveUnpacker();

    private final RedeliveryPolicy backoff;

    /** @param backoff the API calls' policy (SCALINGO_HTTP_RETRY_DELAY_MS, _MAX_RETRY_DELAY_MS): one for both */
    public BackupDownload(SyncSettings settings, ScalingoRoutes routes, RedeliveryPolicy backoff) {
        this.settings = settings;
        this.routes = routes;
        this.backoff = backoff;
    }

    /** @param address the archive's pre-signed address, asked for by the route */
    public void fetch(SyncRun run, DownloadUrl address) {
        ScalingoSettings s = settings.scalingo();
        RunBackup.Info backup = run.backup().info();
        Addresses addresses = new Addresses(run, address);
        run.progress().transferStarted(backup.size());
        TransferLog log = new TransferLog(run.progress(), backup.name(), LOG_INTERVAL);
        ResumableDownload.Limits limits = new ResumableDownload.Limits((int) s.http().connectTimeout().toMillis(),
                (int) s.http().readTimeout().toMillis(), s.downloadResumes(), backoff);
        try (ResumableDownload body = new ResumableDownload(addresses, limits, (bytes, position) -> {
                 run.progress().transferred(bytes);
                 log.tick();
             });
             RunControl.Work cancellation = run.control().startWork(body::close)) {
            ArchiveUnpacker.Unpacked unpacked = unpacker.unpack(body, backup.name() + ".tar.gz", run.workDir(),
                    new ArchiveUnpacker.Budget(backup.size(), settings.unpackMaxRatio()));
            if (backup.size() > 0 && body.position() != backup.size()) {
                throw new SyncFailure("the download of " + backup.name() + " gave " + body.position() + " bytes but "
                        + "Scalingo announced " + backup.size() + ": the archive is incomplete and was not restored");
            }
            run.backup().dump(unpacked.dump());
            run.backup().sha256(unpacked.sha256());
            log.done();
            if (body.resumes() > 0) {
                run.results().note("the download was resumed " + body.resumes() + " time(s) after interruptions");
            }
        }
    }

    /** The pre-signed address, asked for again when it expires mid-transfer. */
    private final class Addresses implements ResumableDownload.Addresses {
        private final SyncRun run;
        private DownloadUrl url;

        Addresses(SyncRun run, DownloadUrl first) {
            this.run = run;
            this.url = first;
        }

        @Override
        public DownloadUrl current() {
            return url;
        }

        @Override
        public DownloadUrl renew() {
            url = routes.call("direct:scalingo-archive-url", run, null, DownloadUrl.class);
            return url;
        }
    }
}
