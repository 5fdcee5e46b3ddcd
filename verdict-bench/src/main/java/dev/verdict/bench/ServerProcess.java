package dev.verdict.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code verdict serve} in a process of its own, so its memory is its own and can be read. */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final URI uri;
    final long startMillis;

    private ServerProcess(Process process, URI uri, long startMillis) {
        this.process = process;
        this.uri = uri;
        this.startMillis = startMillis;
    }

    static ServerProcess start(Store store, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.verdict.server.cli.Main",
                "serve",
                "--port",
                String.valueOf(port),
                // The benchmarks measure the server at saturation, past any rate a CI would send.
                "--rate-limit",
                "0",
                "--token-rate-limit",
                "0",
                "--upload-rate-limit",
                "0"));
        command.addAll(store.flags());
        String jfr = System.getenv("VERDICT_BENCH_JFR");
        if (jfr != null && !jfr.isBlank()) {
            // A profile of the server while it works: the way to see where the time goes.
            command.add(2, "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI uri = URI.create("http://localhost:" + port);
        try (HttpClient client = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (client.send(
                                            HttpRequest.newBuilder(uri.resolve("/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the server did not start; see " + log + ":\n" + Files.readString(log));
                }
                Thread.sleep(10);
            }
        }
        return new ServerProcess(
                process, uri, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The most resident memory the process has had (VmHWM), in MiB. */
    double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** The process's resident memory now (VmRSS), in MiB. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** CPU time the process has used so far (user + system), in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / 100.0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(java.time.Duration.ofSeconds(20))) {
            process.destroyForcibly().waitFor();
        }
    }
}
