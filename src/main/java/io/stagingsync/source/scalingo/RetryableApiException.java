package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;

/** A Scalingo answer worth asking again (429, 5xx, an expired bearer): the API route retries it with backoff. */
public final class RetryableApiException extends SyncFailure {

    public RetryableApiException(String message) {
        super(message);
    }
}
