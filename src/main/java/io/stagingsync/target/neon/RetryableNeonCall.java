package io.stagingsync.target.neon;

import io.stagingsync.failure.SyncFailure;

/** A Neon answer worth asking again (429, 5xx, a project busy with other operations): retried with backoff. */
public final class RetryableNeonCall extends SyncFailure {

    public RetryableNeonCall(String message) {
        super(message);
    }
}
