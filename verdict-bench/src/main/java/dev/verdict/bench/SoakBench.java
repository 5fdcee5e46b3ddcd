package dev.verdict.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Run a server for a while under uploaders sending a mix of good and bad bodies and readers paging",
            "through what they wrote, then say whether any answer was unexpected, every acknowledged upload was",
            "processed, and memory and open files stayed flat (the last minute against the first)."
        })
final class SoakBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default ${DEFAULT-VALUE}).")
    Store.Kind kind;

    @Option(names = "--minutes", defaultValue = "10", description = "How long to run (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--warmup",
            defaultValue = "1",
            description = "Minutes of the same load before the measured minutes, while the JIT compiles and the heap"
                    + " grows to its working size; the first measured minute follows it (default ${DEFAULT-VALUE}).")
    double warmupMinutes;

    @Option(
            names = "--uploaders",
            defaultValue = "20",
            description = "Concurrent uploaders (default ${DEFAULT-VALUE}).")
    int uploaders;

    @Option(names = "--readers", defaultValue = "4", description = "Concurrent readers (default ${DEFAULT-VALUE}).")
    int readers;

    /** One kind of body an uploader sends, and the statuses that are a right answer to it. */
    private record Kind(String name, int weight, Set<Integer> expected, String contentType) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("good", 60, Set.of(202), "application/json"),
            new Kind("control characters", 10, Set.of(202), "application/json"),
            new Kind("malformed JSON", 8, Set.of(400), "application/json"),
            new Kind("over-long run_env", 6, Set.of(422), "application/json"),
            new Kind("impossible numbers", 6, Set.of(202), "application/json"),
            new Kind("XML with an external entity", 5, Set.of(400), "multipart"),
            new Kind("too many results", 5, Set.of(413), "application/json"));

    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> unexpected = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();

    @Override
    public Integer call() throws Exception {
        Duration warmup = Duration.ofMillis((long) (warmupMinutes * 60_000));
        Duration length = Duration.ofMillis((long) (minutes * 60_000)).plus(warmup);
        Stats.progress("soak on " + kind + " for " + length.toSeconds() + " s: " + uploaders + " uploaders, " + readers
                + " readers");
        try (Store store = Store.fresh(kind)) {
            String token = IngestBench.cli(store, "token", "create", "--org", "soak", "--scopes", "read_suites");
            String admin =
                    IngestBench.cli(store, "token", "create", "--org", "soak", "--scopes", "read_suites,write_suites");
            try (ServerProcess server = ServerProcess.start(store, store.dataDir.resolve("server.log"));
                    HttpClient http = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .build()) {
                String uploadToken = JSON.readTree(IngestBench.send(
                                        http,
                                        HttpRequest.newBuilder(
                                                        server.uri.resolve("/v2/analytics/organizations/soak/suites"))
                                                .header("Authorization", "Bearer " + admin)
                                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Soak\","
                                                        + "\"default_branch\":\"main\",\"show_api_token\":true}"))
                                                .build())
                                .body())
                        .get("api_token")
                        .stringValue();
                long deadline = System.nanoTime() + length.toNanos();
                List<double[]> samples = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < uploaders; i++) {
                    threads.add(Thread.ofVirtual().start(() -> upload(http, server, uploadToken, deadline)));
                }
                for (int i = 0; i < readers; i++) {
                    threads.add(Thread.ofVirtual().start(() -> read(http, server, token, deadline)));
                }
                long start = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    samples.add(new double[] {(System.nanoTime() - start) / 1e9, server.rssMiB(), openFiles(server)});
                    if (samples.size() % 12 == 0) {
                        Stats.progress(String.format(
                                "%.0f s: %d requests, %d unexpected, RSS %.0f MiB, %d open files",
                                samples.getLast()[0], requests.get(), unexpectedCount(), samples.getLast()[1], (long)
                                        samples.getLast()[2]));
                    }
                    Thread.sleep(5_000);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                long lost = unprocessed(http, server, uploadToken);
                report(samples, warmup.toSeconds(), lost);
                return unexpectedCount() == 0 && lost == 0 ? 0 : 1;
            }
        } finally {
            Store.stopPostgres();
        }
    }

    private void upload(HttpClient http, ServerProcess server, String token, long deadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int total = KINDS.stream().mapToInt(Kind::weight).sum();
        while (System.nanoTime() < deadline) {
            int pick = random.nextInt(total);
            Kind kind = KINDS.getFirst();
            for (Kind k : KINDS) {
                if (pick < k.weight()) {
                    kind = k;
                    break;
                }
                pick -= k.weight();
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(server.uri.resolve("/v1/uploads"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Token token=\"" + token + "\"");
                if (kind.contentType().equals("multipart")) {
                    String boundary = "soak" + random.nextLong(1L << 40);
                    String xml = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                            + "<testsuite><testcase name=\"&x;\"/></testsuite>";
                    String form = "--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\njunit\r\n"
                            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"run_env[key]\"\r\n\r\nx\r\n"
                            + "--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"r.xml\"\r\n"
                            + "Content-Type: text/xml\r\n\r\n" + xml + "\r\n--" + boundary + "--\r\n";
                    request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString(form));
                } else {
                    request.header("Content-Type", kind.contentType())
                            .POST(HttpRequest.BodyPublishers.ofString(body(kind.name(), random)));
                }
                HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (!kind.expected().contains(reply.statusCode())) {
                    unexpected(kind.name() + " answered " + reply.statusCode());
                } else if (reply.statusCode() == 202) {
                    acknowledged.add(JSON.readTree(reply.body()).get("id").stringValue());
                }
                // About five uploads a second each: a busy CI's pace, below what one server
                // processes, so a backlog would be a leak rather than the load itself.
                Thread.sleep(random.nextInt(100, 300));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                unexpected(kind.name() + ": " + e.getClass().getSimpleName());
            }
        }
    }

    private static String body(String kind, ThreadLocalRandom random) {
        String key = "soak-" + random.nextInt(500);
        int results = kind.equals("too many results") ? 5001 : 20 + random.nextInt(60);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < results; i++) {
            String name = kind.equals("control characters") ? "t\\u0000" + i + "\\u0007" : "t" + i;
            String history = kind.equals("impossible numbers") && i % 3 == 0
                    ? "{\"duration\":-1}"
                    : "{\"duration\":" + random.nextDouble(0.001, 2) + "}";
            data.append(i == 0 ? "" : ",")
                    .append("{\"scope\":\"soak\",\"name\":\"")
                    .append(name)
                    .append("\",\"result\":\"")
                    .append(random.nextInt(20) == 0 ? "failed" : "passed")
                    .append("\",\"history\":")
                    .append(history)
                    .append('}');
        }
        String branch = kind.equals("over-long run_env") ? "b".repeat(5000) : "main";
        String envelope = "{\"format\":\"json\",\"run_env\":{\"CI\":\"generic\",\"key\":\"" + key
                + "\",\"branch\":\"" + branch + "\",\"commit_sha\":\"c" + random.nextInt(50) + "\"},\"data\":[" + data
                + "]}";
        return kind.equals("malformed JSON")
                ? envelope.substring(0, random.nextInt(1, envelope.length() - 1))
                : envelope;
    }

    private void read(HttpClient http, ServerProcess server, String token, long deadline) {
        String suite = "/v2/analytics/organizations/soak/suites/soak";
        List<String> paths = List.of(
                suite + "/runs?per_page=30",
                suite + "/tests?per_page=30",
                suite + "/flaky-tests",
                suite + "/runs?branch=main&per_page=5",
                "/v2/analytics/organizations/soak/suites");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            String path = paths.get(random.nextInt(paths.size()));
            try {
                HttpResponse<String> reply = http.send(
                        HttpRequest.newBuilder(server.uri.resolve(path))
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (reply.statusCode() != 200) {
                    unexpected("GET " + path + " answered " + reply.statusCode());
                }
                Thread.sleep(random.nextInt(50, 150));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                unexpected("GET " + path + ": " + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Waits for the queue to drain (the newest acknowledged upload processed), then counts a sample
     * of the acknowledged uploads that are not processed.
     */
    private long unprocessed(HttpClient http, ServerProcess server, String token) throws Exception {
        List<String> ids = new ArrayList<>(acknowledged);
        long drainStart = System.nanoTime();
        java.util.Collections.shuffle(ids);
        List<String> sample = new ArrayList<>(ids.subList(0, Math.min(ids.size(), 300)));
        sample.addFirst(acknowledged.stream().reduce((a, b) -> b).orElseThrow());
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long lost = 0;
        for (String id : sample) {
            while (true) {
                JsonNode status = JSON.readTree(IngestBench.send(
                                http,
                                HttpRequest.newBuilder(server.uri.resolve("/v1/uploads/" + id))
                                        .header("Authorization", "Token token=\"" + token + "\"")
                                        .build())
                        .body());
                String state = status.get("state").stringValue();
                if (state.equals("processed")) {
                    break;
                }
                if (state.equals("failed") || System.nanoTime() > deadline) {
                    lost++;
                    break;
                }
                Thread.sleep(50);
            }
        }
        Stats.print("queue_drained_after_the_run", (System.nanoTime() - drainStart) / 1e9, "s");
        Stats.print("acknowledged_uploads", ids.size(), "uploads");
        Stats.print("acknowledged_sampled_not_processed", lost, "uploads of " + sample.size());
        return lost;
    }

    private void report(List<double[]> samples, double warmupSeconds, long lost) {
        double end = samples.getLast()[0];
        double window = Math.min(60, (end - warmupSeconds) / 4);
        Stats.print("requests", requests.get(), "requests");
        Stats.print("unexpected_answers", unexpectedCount(), "");
        unexpected.forEach((what, count) -> Stats.progress("unexpected: " + what + " x" + count.get()));
        for (int column = 1; column <= 2; column++) {
            String name = column == 1 ? "server_rss" : "server_open_files";
            String unit = column == 1 ? "MiB" : "files";
            int c = column;
            double first = samples.stream()
                    .filter(s -> s[0] >= warmupSeconds && s[0] <= warmupSeconds + window)
                    .mapToDouble(s -> s[c])
                    .average()
                    .orElse(0);
            double last = samples.stream()
                    .filter(s -> s[0] >= end - window)
                    .mapToDouble(s -> s[c])
                    .average()
                    .orElse(0);
            Stats.print(name + "_first_minute", first, unit);
            Stats.print(name + "_last_minute", last, unit);
            Stats.print(name + "_last_to_first", first == 0 ? 0 : last / first, "");
        }
    }

    private void unexpected(String what) {
        unexpected.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private long unexpectedCount() {
        return unexpected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static long openFiles(ServerProcess server) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(server.process.pid()), "fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
