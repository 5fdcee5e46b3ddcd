package dev.verdict.bench.judgment;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** What the server says of a test: the Tests API's {@code health}. */
public enum Health {
    HEALTHY,
    NEW,
    FLAKY,
    BROKEN;

    /**
     * A test object's health. A server that has no {@code health} field yet judges only flakiness,
     * through the {@code flaky} label: a test with it reads as flaky, any other as healthy.
     */
    public static Health of(JsonNode test) {
        JsonNode health = test.get("health");
        if (health != null && !health.isNull()) {
            String value = health.stringValue();
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("a health this evaluation does not know: " + value, e);
            }
        }
        JsonNode labels = test.get("labels");
        if (labels != null && labels.valueStream().anyMatch(l -> "flaky".equals(l.stringValue()))) {
            return FLAKY;
        }
        return HEALTHY;
    }
}
