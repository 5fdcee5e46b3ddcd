package dev.verdict.core.workflows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A workflow's tag filter: which executions its monitor weighs. */
public record Filter(String key, Operator operator, String value) {
    public enum Operator {
        IS,
        IS_NOT,
        STARTS_WITH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Operator> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(o -> o.wireName().equals(name))
                    .findFirst();
        }

        public static String allWireNames() {
            return Arrays.stream(values()).map(Operator::wireName).collect(Collectors.joining(", "));
        }
    }

    /** Whether an execution with these tags passes; a tag it lacks is no value, which only {@code is_not} passes. */
    public boolean matches(Function<String, String> tags) {
        String actual = tags.apply(key);
        return switch (operator) {
            case IS -> value.equals(actual);
            case IS_NOT -> !value.equals(actual);
            case STARTS_WITH -> actual != null && actual.startsWith(value);
        };
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", key);
        view.put("operator", operator.wireName());
        view.put("value", value);
        return view;
    }
}
