package dev.verdict.core.tests;

import dev.verdict.core.BadRequest;
import dev.verdict.core.access.AccessToken;
import java.time.Instant;
import java.util.Optional;

/**
 * A test moved to a quarantine state: when, by whom ({@code by}: the token's description, or the
 * workflow that did it) and why, as the person or workflow said. Kept as history, so a muted test
 * always says who muted it and why.
 */
public record StateChange(TestState state, Optional<String> reason, String by, Instant at) {
    /** The longest reason kept: a sentence or two and a link, not a report. */
    public static final int MAX_REASON_CHARS = 500;

    /** The longest {@code by} kept; longer names are cut. */
    public static final int MAX_BY_CHARS = 200;

    public StateChange {
        by = by.length() > MAX_BY_CHARS ? by.substring(0, MAX_BY_CHARS) : by;
    }

    /** Who a change made with this token is recorded as: its description, else its id. */
    public static String by(AccessToken token) {
        return token.description()
                .filter(d -> !d.isBlank())
                .map(d -> "token '" + d + "'")
                .orElse("token " + token.id());
    }

    /** Who a change a workflow's action made is recorded as: its name, else its id. */
    public static String by(String workflowName, java.util.UUID workflowId) {
        return workflowName == null || workflowName.isBlank()
                ? "workflow " + workflowId
                : "workflow '" + workflowName + "'";
    }

    /**
     * A reason as sent: blank is none; longer than {@link #MAX_REASON_CHARS} or holding control
     * characters other than newlines is a 400 naming {@code field}.
     */
    public static Optional<String> reason(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.length() > MAX_REASON_CHARS) {
            throw new BadRequest(field + " is " + text.length() + " characters; at most " + MAX_REASON_CHARS);
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new BadRequest(field + " holds a control character");
        }
        return Optional.of(text);
    }
}
