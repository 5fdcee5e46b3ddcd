package dev.verdict.core.suites;

import dev.verdict.core.Text;
import dev.verdict.core.Validation;
import java.util.regex.Pattern;

/**
 * What a user sets on a suite. Optional attributes are null when unset.
 *
 * @param oidcPolicy JSON text: a string (YAML) or an array of policy statements; null clears it
 */
public record SuiteFields(
        String name, String defaultBranch, String applicationName, String color, String emoji, String oidcPolicy) {

    static final int MAX_NAME = 255;
    private static final int MAX_BRANCH = 1 << 10;
    private static final int MAX_EMOJI = 64;
    private static final int MAX_OIDC_POLICY = 64 << 10;
    private static final Pattern HEX_COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    /** Every rule a suite must meet, checked at once so the client hears of every problem. */
    public SuiteFields validate() {
        String name = Text.clean(this.name);
        String defaultBranch = Text.clean(this.defaultBranch);
        String applicationName = Text.clean(this.applicationName);
        String emoji = Text.clean(this.emoji);
        Validation.Collector problems = new Validation.Collector();
        if (name == null || name.isBlank()) {
            problems.add("name", "missing_field", "can't be blank");
        } else if (name.length() > MAX_NAME) {
            problems.add("name", "invalid", "is too long (at most " + MAX_NAME + " characters)");
        }
        if (defaultBranch == null || defaultBranch.isBlank()) {
            problems.add("default_branch", "missing_field", "can't be blank");
        } else if (defaultBranch.length() > MAX_BRANCH) {
            problems.add("default_branch", "invalid", "is too long (at most " + MAX_BRANCH + " characters)");
        }
        if (applicationName != null && applicationName.length() > MAX_NAME) {
            problems.add("application_name", "invalid", "is too long (at most " + MAX_NAME + " characters)");
        }
        if (emoji != null && emoji.length() > MAX_EMOJI) {
            problems.add("emoji", "invalid", "is too long (at most " + MAX_EMOJI + " characters)");
        }
        if (oidcPolicy != null && oidcPolicy.length() > MAX_OIDC_POLICY) {
            problems.add("oidc_policy", "invalid", "is too long (at most " + MAX_OIDC_POLICY + " characters)");
        }
        if (color != null && !HEX_COLOR.matcher(color).matches()) {
            problems.add("color", "invalid", "must be a hex color such as #FFF700");
        }
        problems.throwIfAny();
        return new SuiteFields(name.strip(), defaultBranch.strip(), applicationName, color, emoji, oidcPolicy);
    }
}
