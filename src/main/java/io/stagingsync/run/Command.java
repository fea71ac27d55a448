package io.stagingsync.run;

/** What the operator asked for: a full sync, a preflight checklist, or a plan without changes. */
public enum Command {
    RUN, CHECK, PLAN, SERVE;

    public String label() {
        return name().toLowerCase();
    }
}
