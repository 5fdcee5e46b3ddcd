package dev.verdict.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What the fuzzing properties feed the readers: a real document of each format, broken the ways
 * CI jobs and attackers break them (cut short, bytes dropped, inserted or repeated, numbers no
 * test can take, control characters, markup), or random bytes.
 */
final class Mutations {
    private Mutations() {}

    /** A document of a format and what was done to it, which is what a failure prints. */
    record Case(String format, byte[] data, String how) {
        @Override
        public String toString() {
            return format + " " + how + ": " + new String(data, 0, Math.min(data.length, 400), StandardCharsets.UTF_8);
        }
    }

    private static final List<String> INSERTS = List.of(
            "\u0000",
            "\u001b[31m",
            "\"",
            "\\",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "<",
            ">",
            "&",
            "&#0;",
            "<!DOCTYPE x [",
            "-1",
            "-1e999",
            "1e999",
            "NaN",
            "null",
            "true",
            "\"\\u0000\"",
            "\ud800",
            "é",
            "\n",
            "]]>",
            "<![CDATA[",
            "</testcase>",
            "<testcase name=\"x\" time=\"-3\">",
            "\"duration\": -5",
            "\"start_at\": 9, \"end_at\": 1");

    /** One real document per format, from the project's and the collectors' own samples. */
    static Map<String, byte[]> samples() {
        Map<String, byte[]> samples = new LinkedHashMap<>();
        samples.put("json", read(Fixtures.directory().resolve("js-jest/0001.body.json")));
        samples.put("junit", read(Path.of("src/test/resources/formats/junit/gradle.xml")));
        samples.put("rspec-json", read(Path.of("src/test/resources/formats/rspec.json")));
        samples.put("cucumber-json", read(Path.of("src/test/resources/formats/cucumber.json")));
        samples.put("go-jsonl", read(Path.of("src/test/resources/formats/go-test.jsonl")));
        samples.put(
                "jest-json",
                ("{\"numTotalTests\": 2, \"testResults\": [{\"name\": \"/w/a.test.js\", \"assertionResults\": ["
                                + "{\"ancestorTitles\": [\"a\"], \"title\": \"adds\", \"status\": \"passed\","
                                + " \"duration\": 3, \"failureMessages\": [], \"location\": {\"line\": 4}},"
                                + "{\"ancestorTitles\": [\"a\"], \"title\": \"fails\", \"status\": \"failed\","
                                + " \"duration\": 5, \"failureMessages\": [\"Error: boom\\n  at a.test.js:9\"]}]}]}")
                        .getBytes(StandardCharsets.UTF_8));
        samples.put(
                "playwright-json",
                ("{\"config\": {}, \"suites\": [{\"title\": \"l.spec.ts\", \"file\": \"l.spec.ts\", \"suites\": [],"
                                + " \"specs\": [{\"title\": \"signs in\", \"file\": \"l.spec.ts\", \"line\": 7,"
                                + " \"column\": 3, \"tests\": [{\"projectName\": \"chromium\", \"status\": \"flaky\","
                                + " \"results\": [{\"status\": \"failed\", \"duration\": 300, \"retry\": 0, \"error\":"
                                + " {\"message\": \"boom\", \"stack\": \"at l.spec.ts:9\"}}, {\"status\": \"passed\","
                                + " \"duration\": 120, \"retry\": 1}]}]}]}], \"errors\": []}")
                        .getBytes(StandardCharsets.UTF_8));
        return samples;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample of one of the formats, broken one to four ways, or bytes at random. */
    static Arbitrary<Case> cases(Map<String, byte[]> samples) {
        Arbitrary<String> formats = Arbitraries.of(List.copyOf(samples.keySet()));
        Arbitrary<Case> broken = formats.flatMap(
                format -> mutated(samples.get(format), 4).map(m -> new Case(format, m.data(), m.how())));
        Arbitrary<Case> random = Combinators.combine(
                        formats, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000))
                .as((format, bytes) -> new Case(format, bytes, "random bytes"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, broken), net.jqwik.api.Tuple.of(1, random));
    }

    private record Mutated(byte[] data, String how) {}

    private static Arbitrary<Mutated> mutated(byte[] sample, int maxSteps) {
        Arbitrary<Mutated> start = Arbitraries.just(new Mutated(sample, "sample"));
        Arbitrary<Mutated> result = start;
        for (int i = 0; i < maxSteps; i++) {
            result = result.flatMap(m -> Arbitraries.oneOf(Arbitraries.just(m), step(m)));
        }
        return result;
    }

    private static Arbitrary<Mutated> step(Mutated m) {
        int length = m.data().length;
        Arbitrary<Integer> at = Arbitraries.integers().between(0, length);
        Arbitrary<Mutated> cut = at.map(i -> new Mutated(slice(m.data(), 0, i), m.how() + ", cut at " + i));
        Arbitrary<Mutated> drop = Combinators.combine(at, Arbitraries.integers().between(1, 64))
                .as((i, n) -> {
                    int end = Math.min(length, i + n);
                    return new Mutated(
                            concat(slice(m.data(), 0, i), slice(m.data(), end, length)),
                            m.how() + ", dropped " + i + ".." + end);
                });
        Arbitrary<Mutated> insert = Combinators.combine(at, Arbitraries.of(INSERTS))
                .as((i, text) -> new Mutated(
                        concat(
                                slice(m.data(), 0, i),
                                text.getBytes(StandardCharsets.UTF_8),
                                slice(m.data(), i, length)),
                        m.how() + ", inserted " + text.replace("\u0000", "NUL") + " at " + i));
        Arbitrary<Mutated> repeat = Combinators.combine(
                        at, Arbitraries.integers().between(1, 200))
                .as((i, n) -> {
                    int end = Math.min(length, i + n);
                    byte[] span = slice(m.data(), i, end);
                    return new Mutated(
                            concat(slice(m.data(), 0, end), span, span, slice(m.data(), end, length)),
                            m.how() + ", repeated " + i + ".." + end);
                });
        return Arbitraries.oneOf(cut, drop, insert, repeat);
    }

    private static byte[] slice(byte[] data, int from, int to) {
        return java.util.Arrays.copyOfRange(data, Math.min(from, data.length), Math.min(to, data.length));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
