package io.stagingsync.ops;

/** A request the ops API refuses, with the HTTP status and the message the caller reads in the JSON answer. */
public final class OpsError extends RuntimeException {

    private final int status;

    public OpsError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
