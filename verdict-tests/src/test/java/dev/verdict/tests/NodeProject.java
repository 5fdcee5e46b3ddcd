package dev.verdict.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Node.js project of the tests' resources (a package.json and what it runs), copied under
 * target/ and installed from the npm registry with its lock file: clients we did not write, run as
 * their users run them. Needs Node.js 20+ with npm, and the registry when target/ has no installed
 * copy yet.
 */
record NodeProject(Path directory) {
    /** The project of {@code resource}, installed unless target/ has it, with {@code installed} in node_modules, already. */
    static synchronized NodeProject installed(String resource, String installed) throws Exception {
        Path directory = Path.of("target", resource.replaceFirst("^/", "")).toAbsolutePath();
        Path sources = Path.of(NodeProject.class.getResource(resource).toURI());
        boolean changed = copyChanged(sources, directory);
        NodeProject project = new NodeProject(directory);
        if (changed || !Files.isDirectory(directory.resolve("node_modules").resolve(installed))) {
            // npm install, not npm ci: npm 11 leaves a Windows-only optional dependency out of the
            // lock file and npm ci then refuses it; install still follows the lock.
            Result npm = project.run(
                    List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 600);
            if (npm.exit() != 0) {
                throw new IllegalStateException("npm install failed:\n" + npm.output());
            }
        }
        return project;
    }

    record Result(int exit, String output) {}

    Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        return run(command, env, null, timeoutSeconds);
    }

    /** Runs a command in the project with only PATH, HOME and {@code env}: no CI variables of this machine leak in. */
    Result run(List<String> command, Map<String, String> env, String input, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        if (input == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        Map<String, String> inherited = new HashMap<>(builder.environment());
        builder.environment().clear();
        builder.environment().put("PATH", inherited.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        builder.environment().put("HOME", inherited.getOrDefault("HOME", directory.toString()));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "'" + command.get(0) + "' is needed for this test (Node.js 20+ with npm)", e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output.get(), StandardCharsets.UTF_8));
    }

    /** Copies the project's files into target/, saying whether any changed (then npm install runs again). */
    private static boolean copyChanged(Path from, Path to) throws IOException, URISyntaxException {
        boolean changed = false;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                byte[] content = Files.readAllBytes(file);
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), content)) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, content);
                    changed = true;
                }
            }
        }
        return changed;
    }
}
