package dev.verdict.core.ingest;

import dev.verdict.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test's captured output as an execution keeps it: {@code {"stdout", "stderr"}}, each stream cut
 * to a limit by keeping its start and its end (where a failure's last words usually are) around a
 * line saying how much was cut.
 */
public final class Outputs {
    /** The default limit per stream, in characters. */
    public static final int DEFAULT_MAX_CHARS = 64 << 10;

    private Outputs() {}

    /** The JSON to keep, or null when the test printed nothing. */
    public static String of(String stdout, String stderr, int maxChars) {
        stdout = dev.verdict.core.Text.clean(stdout);
        stderr = dev.verdict.core.Text.clean(stderr);
        boolean out = stdout != null && !stdout.isBlank();
        boolean err = stderr != null && !stderr.isBlank();
        if (!out && !err) {
            return null;
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (out) {
            json.put("stdout", cut(stdout, maxChars));
        }
        if (err) {
            json.put("stderr", cut(stderr, maxChars));
        }
        return Json.MAPPER.writeValueAsString(json);
    }

    static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int keep = Math.max(0, maxChars / 2);
        int cut = text.length() - 2 * keep;
        return text.substring(0, keep) + "\n… " + cut + " characters cut …\n" + text.substring(text.length() - keep);
    }
}
