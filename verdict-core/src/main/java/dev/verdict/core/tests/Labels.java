package dev.verdict.core.tests;

import dev.verdict.core.Validation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a label may be. Filters list labels comma-separated and mark exclusion with a leading
 * {@code !}, so a label holds no comma, does not start with {@code !}, and is not blank.
 */
public final class Labels {
    public static final int MAX_LENGTH = 64;
    public static final int MAX_PER_REQUEST = 100;
    private static final Pattern FORBIDDEN = Pattern.compile("[,*\\p{Cntrl}]");

    private Labels() {}

    /** Adds a problem for every label that breaks a rule, naming it by its index. */
    public static void check(String field, List<String> labels, Validation.Collector problems) {
        if (labels.size() > MAX_PER_REQUEST) {
            problems.add(field, "too_long", "may hold at most " + MAX_PER_REQUEST + " labels");
        }
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String where = field + "[" + i + "]";
            if (label.isBlank()) {
                problems.add(where, "blank", "must not be blank");
            } else if (label.length() > MAX_LENGTH) {
                problems.add(where, "too_long", "must be at most " + MAX_LENGTH + " characters");
            } else if (label.startsWith("!")
                    || label.startsWith(" ")
                    || label.endsWith(" ")
                    || FORBIDDEN.matcher(label).find()) {
                problems.add(
                        where,
                        "invalid",
                        "'" + label + "' must not start with '!' or hold ',', '*', control characters or outer spaces");
            }
        }
    }
}
