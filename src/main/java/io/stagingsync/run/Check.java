package io.stagingsync.run;

/** One line of the preflight checklist; a skipped one says what was not checked, and where it is. */
public record Check(String name, boolean ok, String detail, boolean skipped) {

    public Check(String name, boolean ok, String detail) {
        this(name, ok, detail, false);
    }

    public static Check notChecked(String name, String detail) {
        return new Check(name, true, detail, true);
    }
}
