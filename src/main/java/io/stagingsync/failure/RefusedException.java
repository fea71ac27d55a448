package io.stagingsync.failure;

import java.util.List;

/** A run refused before it touched anything: bad configuration or a safety rule (exit code 2). */
public class RefusedException extends RuntimeException {

    private final List<String> problems;

    public RefusedException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public RefusedException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
