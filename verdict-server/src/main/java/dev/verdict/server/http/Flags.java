package dev.verdict.server.http;

import dev.verdict.core.BadRequest;

/** Booleans as Buildkite's API spells them in queries and forms: {@code true} or {@code false}. */
public final class Flags {
    private Flags() {}

    public static boolean parse(String name, String value) {
        return switch (value.trim()) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new BadRequest(name + " must be true or false, not '" + value + "'");
        };
    }
}
