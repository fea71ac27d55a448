package io.stagingsync.run;

/** What the operator asked for: a full sync, a preflight checklist, a plan without changes, or a drafted rules file. */
public enum Command {
    RUN, CHECK, PLAN, SERVE, INIT;

    public String label() {
        return name().toLowerCase();
    }
}
