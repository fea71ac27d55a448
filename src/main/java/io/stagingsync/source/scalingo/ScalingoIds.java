package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;

/** Ids from API answers go into URLs: only the characters Scalingo ids are made of get through. */
final class ScalingoIds {

    private ScalingoIds() {
    }

    static String checked(Object id, String what) {
        if (!(id instanceof String s) || !s.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new SyncFailure("Scalingo's answer holds an unexpected " + what + ": unexpected API answer");
        }
        return s;
    }
}
