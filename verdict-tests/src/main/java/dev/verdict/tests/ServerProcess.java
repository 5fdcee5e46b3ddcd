package dev.verdict.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * {@code verdict serve} in a process of its own, started from the built jars as {@code bin/verdict}
 * starts it: for tests that signal a server (SIGTERM, SIGKILL) or read what it writes to stderr
 * with the shipped logback.xml.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code serve --port P} with these further arguments and environment, its stderr in {@code log}. */
    public static ServerProcess start(List<String> arguments, Map<String, String> environment, Path log) {
        return start(freePort(), arguments, environment, log);
    }

    /** The same on a given port: a server started again where clients know it. */
    public static ServerProcess start(int port, List<String> arguments, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As bin/verdict starts it: SQLite's driver loads its native library.
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx384m",
                "-cp",
                classpath(),
                "dev.verdict.server.cli.Main",
                "serve",
                "--port",
                String.valueOf(port)));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a server process", e);
        }
    }

    /** The server's jar and its dependencies, as the build left them. */
    private static String classpath() {
        Path built = Path.of("..").toAbsolutePath().normalize().resolve("verdict-server/target");
        try (Stream<Path> jars = Files.list(built)) {
            return jars.filter(j -> j.toString().endsWith(".jar")).findFirst().orElseThrow()
                    + java.io.File.pathSeparator + built.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException("the server is not built in " + built, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it answers {@code /health} with 200. */
    public ServerProcess awaitHealthy() {
        Api api = api();
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited " + process.exitValue() + ":\n" + log());
            }
            return api.get("/health", null).status() == 200;
        });
        return this;
    }

    public URI uri() {
        return URI.create("http://localhost:" + port);
    }

    public Api api() {
        return new Api(uri());
    }

    public Process process() {
        return process;
    }

    /** What it wrote to stderr so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: gone at once, nothing finished, nothing let go but by the kernel. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as an orchestrator stops a server; returns at once. */
    public void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
