package io.stagingsync.failure;

/** Another sync of the same target holds its lock: this run did nothing (exit 1; 409 for the ops API). */
public class AlreadyRunningException extends SyncFailure {

    public AlreadyRunningException(String message) {
        super(message);
    }
}
