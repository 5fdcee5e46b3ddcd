package dev.verdict.core.ingest;

import dev.verdict.core.Json;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/** How a queued upload's validated results are kept in the store until they are processed. */
public final class Payloads {
    private static final TypeReference<List<TestResult>> RESULTS = new TypeReference<>() {};

    private Payloads() {}

    public static byte[] write(List<TestResult> results) {
        return Json.MAPPER.writeValueAsBytes(results);
    }

    public static List<TestResult> read(byte[] payload) {
        return Json.MAPPER.readValue(payload, RESULTS);
    }
}
