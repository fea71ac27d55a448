package io.stagingsync.run;

/** One line of the preflight checklist. */
public record Check(String name, boolean ok, String detail) {
}
