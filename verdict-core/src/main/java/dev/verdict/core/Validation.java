package dev.verdict.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A request body that breaks a rule. The HTTP layer answers it with 422 and
 * {@code {"message": "Validation failed: ...", "errors": [...]}}, the shape Buildkite uses.
 */
public final class Validation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One broken rule: the field as the wire names it, a machine code and a human sentence. */
    public record Problem(String field, String code, String message) {}

    private final transient List<Problem> problems;

    public Validation(List<Problem> problems) {
        super("Validation failed: "
                + String.join(
                        ", ",
                        problems.stream()
                                .map(p -> p.field() + " " + p.message())
                                .toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Collects problems so a client learns about every bad field at once, not one per round trip. */
    public static final class Collector {
        private final List<Problem> problems = new ArrayList<>();

        public Collector add(String field, String code, String message) {
            problems.add(new Problem(field, code, message));
            return this;
        }

        public boolean isEmpty() {
            return problems.isEmpty();
        }

        public void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new Validation(problems);
            }
        }
    }
}
