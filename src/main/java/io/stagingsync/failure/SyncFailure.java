package io.stagingsync.failure;

/** A failure with a message meant for the operator: what went wrong and, where possible, how to fix it. */
public class SyncFailure extends RuntimeException {

    public SyncFailure(String message) {
        super(message);
    }

    public SyncFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
