package dev.verdict.core.workflows;

import dev.verdict.core.tests.TestState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a workflow does on an alarm or a recovery. Labels and states change in the upload's own
 * transaction; webhooks and Slack messages are queued in the same transaction and sent after it
 * ({@link Delivery}).
 *
 * @param label for {@code add_label} and {@code remove_label}
 * @param state for {@code change_state}
 * @param url for {@code webhook} (any http or https URL) and {@code slack} (an incoming webhook)
 */
public record Action(Type type, String label, TestState state, String url) {
    public enum Type {
        ADD_LABEL,
        REMOVE_LABEL,
        CHANGE_STATE,
        WEBHOOK,
        SLACK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether it sends a message out rather than changing the test. */
        public boolean delivered() {
            return this == WEBHOOK || this == SLACK;
        }

        public static Optional<Type> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(t -> t.wireName().equals(name))
                    .findFirst();
        }

        public static String allWireNames() {
            return Arrays.stream(values()).map(Type::wireName).collect(Collectors.joining(", "));
        }
    }

    public static Action addLabel(String label) {
        return new Action(Type.ADD_LABEL, label, null, null);
    }

    public static Action removeLabel(String label) {
        return new Action(Type.REMOVE_LABEL, label, null, null);
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", type.wireName());
        switch (type) {
            case ADD_LABEL, REMOVE_LABEL -> view.put("label", label);
            case CHANGE_STATE -> view.put("state", state.wireName());
            case WEBHOOK -> view.put("url", url);
            case SLACK -> view.put("webhook_url", url);
        }
        return view;
    }
}
