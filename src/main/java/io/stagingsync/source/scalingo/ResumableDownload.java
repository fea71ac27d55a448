package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a download as one stream: when the connection is cut, it asks again from where it stopped (a Range
 * request; a server that ignores Range is read again and skipped) so that the unpacker never sees the seam. No
 * Authorization header is ever sent: the pre-signed address is its own credential, renewed when it expires.
 */
final class ResumableDownload extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownload.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** Where to download from: the current pre-signed address, and a new one when it has expired. */
    interface Addresses {
        DownloadUrl current();

        DownloadUrl renew();
    }

    /** Timeouts, retries and backoff of the transfer. */
    record Limits(int connectTimeoutMs, int readTimeoutMs, int maxResumes, RedeliveryPolicy backoff) {
    }

    /** Told of every byte received. */
    interface Counter {
        void received(long bytes, long position);
    }

    private final Addresses addresses;
    private final Limits limits;
    private final Counter counter;
    private InputStream body;
    private volatile boolean closed;
    private long position;
    private long total = -1;
    private int resumes;
    private long previousDelay;

    ResumableDownload(Addresses addresses, Limits limits, Counter counter) {
        this.addresses = addresses;
        this.limits = limits;
        this.counter = counter;
    }

    long position() {
        return position;
    }

    int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        while (true) {
            IOException failure;
            try {
                if (body == null) {
                    if (total >= 0 && position >= total) {
                        // cut right after the last byte: nothing is left to ask for
                        return -1;
                    }
                    body = open();
                }
                int n = body.read(buffer, off, len);
                if (n > 0) {
                    position += n;
                    counter.received(n, position);
                    return n;
                }
                if (n == 0 || total < 0 || position >= total) {
                    return n;
                }
                failure = new EOFException("the connection closed after " + position + " of " + total + " bytes");
            } catch (IOException e) {
                failure = e;
            }
            cut(failure);
        }
    }

    /** Also how a cancelled run stops the download at once, from another thread. */
    @Override
    public void close() {
        closed = true;
        closeBody();
    }

    /** Gives up after too many cuts; otherwise waits (the API calls' backoff policy) before the next request. */
    private void cut(IOException e) {
        closeBody();
        if (closed) {
            throw new SyncFailure("the download was stopped");
        }
        resumes++;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (resumes > limits.maxResumes()) {
            throw new SyncFailure("the download of the backup failed " + resumes + " times (last: " + why + ", at byte "
                    + position + "): nothing was restored; raise SYNC_DOWNLOAD_RESUMES if the network is flaky");
        }
        long delay = limits.backoff().calculateRedeliveryDelay(previousDelay, resumes);
        previousDelay = delay;
        LOG.warn("download of the backup interrupted at byte {} ({}): resuming in {} ms ({}/{})", position, why, delay,
                resumes, limits.maxResumes());
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("the download was interrupted");
        }
    }

    private InputStream open() throws IOException {
        boolean renewed = false;
        while (true) {
            DownloadUrl url = addresses.current();
            HttpURLConnection c = (HttpURLConnection) url.uri().toURL().openConnection();
            c.setConnectTimeout(limits.connectTimeoutMs());
            c.setReadTimeout(limits.readTimeoutMs());
            c.setInstanceFollowRedirects(true);
            c.setRequestProperty("Accept", "application/octet-stream");
            c.setRequestProperty("User-Agent", "staging-sync");
            if (position > 0) {
                c.setRequestProperty("Range", "bytes=" + position + "-");
            }
            int status;
            try {
                status = c.getResponseCode();
            } catch (IOException e) {
                c.disconnect();
                throw e;
            }
            if (status == 206 && position > 0) {
                return ranged(c);
            }
            if (status == 200) {
                return whole(c);
            }
            c.disconnect();
            if ((status == 401 || status == 403 || status == 404 || status == 410) && !renewed) {
                // pre-signed addresses expire (their lifetime is not documented): ask Scalingo for a new one, once
                LOG.info("the backup's download address answered {}: asking Scalingo for a new one", status);
                addresses.renew();
                renewed = true;
                continue;
            }
            if (status == 429 || status >= 500) {
                throw new IOException("the download server answered " + status);
            }
            throw new SyncFailure("the backup archive's download was refused (" + status + " from " + url + ")");
        }
    }

    private InputStream ranged(HttpURLConnection c) throws IOException {
        Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")));
        if (!m.matches() || Long.parseLong(m.group(1)) != position) {
            c.disconnect();
            throw new SyncFailure("the download server resumed at the wrong place (Content-Range "
                    + c.getHeaderField("Content-Range") + " for byte " + position + "): the archive cannot be trusted");
        }
        long announced = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (total >= 0 && announced >= 0 && announced != total) {
            c.disconnect();
            throw new SyncFailure("the archive changed size between two requests (" + total + ", then " + announced
                    + " bytes): it cannot be trusted, nothing was restored");
        }
        total = announced;
        LOG.info("download resumed at byte {}", position);
        return c.getInputStream();
    }

    /** A full body: the first request, or a server that ignores Range (the bytes already read are skipped). */
    private InputStream whole(HttpURLConnection c) throws IOException {
        long length = c.getContentLengthLong();
        if (total >= 0 && length >= 0 && length != total) {
            c.disconnect();
            throw new SyncFailure("the archive changed size between two requests (" + total + ", then " + length
                    + " bytes): it cannot be trusted, nothing was restored");
        }
        InputStream in = c.getInputStream();
        if (position > 0) {
            LOG.info("the download server does not resume: reading again and skipping the first {} bytes", position);
            in.skipNBytes(position);
        }
        total = length;
        return in;
    }

    private void closeBody() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // a broken connection cannot be closed cleanly; it is dropped either way
            }
            body = null;
        }
    }
}
