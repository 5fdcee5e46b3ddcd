package dev.verdict.upload;

import dev.verdict.core.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** The result files a command line names, and the format of each. */
final class ReportFiles {
    /** The files a directory argument stands for: the ones result formats are written as. */
    private static final Set<String> RESULT_EXTENSIONS = Set.of("xml", "json", "jsonl", "ndjson");

    private ReportFiles() {}

    /** What the arguments matched, and the arguments that matched nothing. */
    record Found(List<Path> files, List<String> unmatched) {}

    /**
     * Files as given, directories searched for result files, and glob patterns (quoted so the shell
     * leaves them, e.g. {@code 'build/**}{@code /TEST-*.xml'}) matched under their fixed part.
     */
    static Found expand(List<String> arguments, Path cwd) {
        Set<Path> files = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        for (String argument : arguments) {
            List<Path> matched = matches(argument, cwd);
            if (matched.isEmpty()) {
                unmatched.add(argument);
            }
            files.addAll(matched);
        }
        return new Found(List.copyOf(files), unmatched);
    }

    private static List<Path> matches(String argument, Path cwd) {
        int glob = firstGlobCharacter(argument);
        if (glob < 0) {
            Path path = cwd.resolve(argument).normalize();
            if (Files.isRegularFile(path)) {
                return List.of(path);
            }
            return Files.isDirectory(path) ? walk(path, ReportFiles::looksLikeResults) : List.of();
        }
        int slash = argument.lastIndexOf('/', glob);
        Path base =
                cwd.resolve(slash < 0 ? "" : argument.substring(0, slash + 1)).normalize();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + argument.substring(slash + 1));
        return walk(base, file -> matcher.matches(base.relativize(file)));
    }

    private static int firstGlobCharacter(String argument) {
        for (int i = 0; i < argument.length(); i++) {
            if ("*?[{".indexOf(argument.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> walk(Path base, java.util.function.Predicate<Path> wanted) {
        try (Stream<Path> paths = Files.walk(base)) {
            return paths.filter(Files::isRegularFile).filter(wanted).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeResults(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && RESULT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The format of a result file, told by its content: XML is JUnit; JSON by the fields each
     * runner's report starts with (reading the top level only, so a big report costs one quick
     * pass); empty when it is none of them.
     */
    static Optional<String> detectFormat(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(4096);
            int first = firstSignificantByte(in);
            in.reset();
            if (first == '<') {
                return Optional.of("junit");
            }
            if (first != '{' && first != '[') {
                return Optional.empty();
            }
            try (JsonParser json = Json.MAPPER.createParser(in)) {
                return Optional.ofNullable(first == '[' ? arrayFormat(json) : objectFormat(json));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }
    }

    private static int firstSignificantByte(InputStream in) throws IOException {
        int b = in.read();
        if (b == 0xEF) { // a UTF-8 byte order mark
            in.skip(2);
            b = in.read();
        }
        while (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            b = in.read();
        }
        return b;
    }

    /** Cucumber's report is an array of features; Buildkite's JSON is an array of results. */
    private static String arrayFormat(JsonParser json) {
        json.nextToken();
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return "json";
        }
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = json.currentName();
            if (field.equals("elements") || field.equals("keyword") || field.equals("uri")) {
                return "cucumber-json";
            }
            json.nextToken();
            json.skipChildren();
        }
        return "json";
    }

    private static String objectFormat(JsonParser json) {
        json.nextToken();
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String format = switch (json.currentName()) {
                case "Action", "Test" -> "go-jsonl"; // one event per line of `go test -json`
                case "testResults", "numTotalTests" -> "jest-json";
                case "suites", "config" -> "playwright-json";
                case "examples" -> "rspec-json";
                case "data", "run_env" -> "json";
                default -> null;
            };
            if (format != null) {
                return format;
            }
            json.nextToken();
            json.skipChildren();
        }
        return null;
    }
}
