package dev.verdict.upload;

import dev.verdict.core.BadRequest;
import dev.verdict.core.ingest.ResultFormats;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "upload",
        mixinStandardHelpOptions = true,
        versionProvider = UploadCommand.Version.class,
        sortOptions = false,
        description = {
            "Send test result files to Verdict from any CI: JUnit XML, Buildkite JSON, or a runner's own report.",
            "",
            "The CI is detected (Buildkite, GitHub Actions, CircleCI, GitLab CI, Jenkins; else generic) and the run's"
                    + " key, branch, commit, number, job, message and build URL are taken from it as the official"
                    + " collectors take them, so every job of a build lands in one run. BUILDKITE_ANALYTICS_KEY,"
                    + " _BRANCH, _SHA, _NUMBER, _JOB_ID, _MESSAGE, _URL and _LOCATION_PREFIX override what was"
                    + " detected; the options below override both.",
            "",
            "A file of more than 5000 results is sent in several uploads with the same key. An upload that fails"
                    + " never fails the build: the exit code is 0 unless --fail-on-error.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:sent, or failed without --fail-on-error",
            "1:something was not sent, with --fail-on-error",
            "2:wrong usage"
        })
public final class UploadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Result files, directories (searched for"
                    + " .xml, .json and .jsonl files) or quoted glob patterns such as 'target/surefire-reports/*.xml'.")
    List<String> files = new ArrayList<>();

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Verdict's address, e.g. https://verdict.example.com or verdict:8080 (http:// is"
                    + " assumed), or its full upload URL. Default: $VERDICT_URL.")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The suite's upload token. Default: $BUILDKITE_ANALYTICS_TOKEN. Without one, nothing is"
                    + " sent (as the collectors do on a build without the secret).")
    String token;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "junit, json, jest-json, playwright-json, rspec-json, cucumber-json or go-jsonl."
                    + " Default: told from each file's content.")
    String format;

    @Option(names = "--key", paramLabel = "KEY", description = "The run's key: uploads with the same key form one run.")
    String key;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "The branch built.")
    String branch;

    @Option(names = "--commit", paramLabel = "SHA", description = "The commit built: flaky tests are found by it.")
    String commit;

    @Option(names = "--number", paramLabel = "N", description = "The build's number.")
    String number;

    @Option(names = "--job-id", paramLabel = "ID", description = "The CI job within the build.")
    String jobId;

    @Option(names = "--message", paramLabel = "TEXT", description = "The commit message.")
    String message;

    @Option(names = "--build-url", paramLabel = "URL", description = "The CI build's page, linked from the run.")
    String buildUrl;

    @Option(
            names = "--location-prefix",
            paramLabel = "PATH",
            description = "Put in front of every file name (a package's path in a monorepo).")
    String locationPrefix;

    @Option(
            names = "--tag",
            paramLabel = "KEY=VALUE",
            description = "A tag on every execution of the upload; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "4",
            description = "Uploads in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = Units.DurationConverter.class,
            description = "The most the whole command may take, retries included, so a slow or absent server"
                    + " holds a build up by this much at most. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--fail-on-error", description = "Exit 1 when anything was not sent.")
    boolean failOnError;

    private final Map<String, String> env;
    private final Path cwd;
    private final boolean terminal;
    private final Clock clock;

    /** As run from a shell: its environment, its directory, and a bar if stderr shows on a terminal. */
    public UploadCommand() {
        this(
                System.getenv(),
                Path.of("").toAbsolutePath(),
                System.console() != null && System.console().isTerminal());
    }

    public UploadCommand(Map<String, String> env, Path cwd, boolean terminal) {
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.terminal = terminal;
        this.clock = Clock.systemUTC();
    }

    /** The jar run alone: {@code java -jar verdict-upload.jar FILES...}. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new UploadCommand()).setCommandName("verdict-upload");
        System.exit(Commands.execute(
                cli,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                args));
    }

    @Override
    public Integer call() throws InterruptedException {
        URI endpoint = endpoint();
        if (format != null && ResultFormats.reader(format).isEmpty()) {
            throw usage("--format '" + format + "' is not one of " + String.join(", ", ResultFormats.names()));
        }
        if (concurrency < 1) {
            throw usage("--concurrency must be at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        String theToken = firstOf(token, env.get("BUILDKITE_ANALYTICS_TOKEN"));
        if (theToken == null) {
            err.println("verdict upload: no token (--token or BUILDKITE_ANALYTICS_TOKEN), so nothing was sent");
            return outcome(false);
        }
        ReportFiles.Found found = ReportFiles.expand(files, cwd);
        long totalBytes = 0;
        for (Path file : found.files()) {
            totalBytes += size(file);
        }
        Progress progress = new Progress(err, terminal, clock, found.files().size(), totalBytes);
        found.unmatched().forEach(pattern -> progress.problem("no file matches " + pattern));
        Sending sending = new Sending(
                new UploadClient(endpoint, theToken, clock.instant().plus(timeout), clock), runEnv(), tags, progress);
        try (sending) {
            for (Path file : found.files()) {
                sending.file(file);
            }
        }
        progress.finish();
        sending.runUrls.forEach(spec.commandLine().getOut()::println);
        return outcome(sending.allSent.get()
                && found.unmatched().isEmpty()
                && !found.files().isEmpty());
    }

    /** Sends files in uploads, a bounded number at a time; closing it waits for every one. */
    private final class Sending implements AutoCloseable {
        private final UploadClient client;
        private final Map<String, String> runEnv;
        private final Map<String, String> tags;
        private final Progress progress;
        private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        private final Semaphore slots = new Semaphore(concurrency);
        final Set<String> runUrls = Collections.synchronizedSet(new LinkedHashSet<>());
        final AtomicBoolean allSent = new AtomicBoolean(true);

        Sending(UploadClient client, Map<String, String> runEnv, Map<String, String> tags, Progress progress) {
            this.client = client;
            this.runEnv = runEnv;
            this.tags = tags;
            this.progress = progress;
        }

        /**
         * A file is read once to check it and count its results; one upload's worth goes as it is,
         * more is read again and sent in parts, so a file broken near its end sends nothing.
         */
        void file(Path file) throws InterruptedException {
            String label = cwd.relativize(file.toAbsolutePath()).toString();
            long bytes = size(file);
            if (client.stopped().isPresent()) {
                // Said once, by the upload that stopped the client; this file would only fail the same way.
                progress.fileDone(bytes, false);
                allSent.set(false);
                return;
            }
            String fileFormat;
            int[] parts = {0};
            UploadBuilder check = UploadBuilder.inBatches(batch -> parts[0]++);
            try {
                fileFormat =
                        format != null ? format : ReportFiles.detectFormat(file).orElse(null);
                if (fileFormat == null) {
                    failed(label + ": cannot tell its format; name it with --format", bytes);
                    return;
                }
                read(file, fileFormat, check);
            } catch (BadRequest e) {
                failed(label + ": " + e.getMessage(), bytes);
                return;
            } catch (IOException | UncheckedIOException e) {
                failed(label + ": cannot read it: " + Commands.oneLine(e), bytes);
                return;
            }
            long count = (long) parts[0] * UploadBuilder.MAX_RESULTS
                    + check.results().size()
                    + check.skipped();
            progress.read(count);
            if (count == 0) {
                progress.fileDone(bytes, true);
                return;
            }
            List<Future<Boolean>> uploads = new ArrayList<>();
            // A big file's bar moves as its parts are taken, each standing for its share of the bytes.
            long share = bytes / (parts[0] + 1);
            java.util.concurrent.atomic.AtomicLong counted = new java.util.concurrent.atomic.AtomicLong();
            Runnable partSent = () -> {
                counted.addAndGet(share);
                progress.sent(share);
            };
            if (parts[0] == 0) {
                uploads.add(submit(label, UploadBodies.file(file, fileFormat, runEnv, tags), () -> {}));
            } else {
                UploadBuilder split = UploadBuilder.inBatches(batch -> uploads.add(submitJson(label, batch, partSent)));
                try {
                    read(file, fileFormat, split);
                } catch (BadRequest | IOException | UncheckedIOException e) {
                    // Read whole a moment ago: the file changed underneath. What was sent stays sent.
                    failed(label + ": changed while it was being sent: " + Commands.oneLine(e), bytes);
                    return;
                }
                uploads.add(submitJson(label, split.results(), partSent));
            }
            pool.submit(() -> {
                boolean sent = allTrue(uploads);
                progress.fileDone(bytes - counted.get(), sent);
                return null;
            });
        }

        private void read(Path file, String fileFormat, UploadBuilder into) throws IOException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                ResultFormats.reader(fileFormat).orElseThrow().read(in, into);
            }
        }

        private Future<Boolean> submitJson(String label, List<TestResult> batch, Runnable onSent) {
            try {
                return submit(label, UploadBodies.json(batch, runEnv, tags), onSent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** Waits for a free slot first, so a big file is never all in memory at once. */
        private Future<Boolean> submit(String label, UploadClient.Body body, Runnable onSent)
                throws InterruptedException {
            slots.acquire();
            return pool.submit(() -> {
                try {
                    UploadClient.Accepted accepted = client.send(body);
                    progress.accepted(accepted);
                    onSent.run();
                    if (accepted.runUrl() != null) {
                        runUrls.add(accepted.runUrl());
                    }
                    return true;
                } catch (UploadClient.Stopped e) {
                    allSent.set(false);
                    return false;
                } catch (UploadClient.Failed e) {
                    progress.problem(e.everyUpload() ? e.getMessage() : label + ": " + e.getMessage());
                    allSent.set(false);
                    return false;
                } catch (RuntimeException e) {
                    // Not the server's answer but this side's (a token no header can carry, say).
                    progress.problem(label + ": " + Commands.oneLine(e));
                    allSent.set(false);
                    return false;
                } finally {
                    slots.release();
                }
            });
        }

        private void failed(String problem, long bytes) {
            progress.problem(problem);
            progress.fileDone(bytes, false);
            allSent.set(false);
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    private static boolean allTrue(List<Future<Boolean>> uploads) throws InterruptedException {
        boolean all = true;
        for (Future<Boolean> upload : uploads) {
            try {
                all &= upload.get();
            } catch (ExecutionException e) {
                all = false;
            }
        }
        return all;
    }

    /** What was detected, then the environment's overrides, then the options', then who sent it. */
    private Map<String, String> runEnv() {
        Map<String, String> runEnv = RunEnvironment.detect(env);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("key", key);
        options.put("branch", branch);
        options.put("commit_sha", commit);
        options.put("number", number);
        options.put("job_id", jobId);
        options.put("message", message);
        options.put("url", buildUrl);
        options.put("location_prefix", locationPrefix);
        options.forEach((field, value) -> {
            if (value != null) {
                runEnv.put(field, value);
            }
        });
        runEnv.put("collector", "verdict-upload");
        runEnv.put("version", Commands.version());
        return runEnv;
    }

    private URI endpoint() {
        String address = firstOf(url, env.get("VERDICT_URL"));
        if (address == null) {
            throw usage("--url is required: Verdict's address, such as https://verdict.example.com (or set"
                    + " VERDICT_URL)");
        }
        try {
            URI endpoint = UploadClient.endpoint(address);
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
                    || endpoint.getHost() == null) {
                throw usage("--url '" + address + "' is not an http:// or https:// address");
            }
            return endpoint;
        } catch (IllegalArgumentException e) {
            throw usage("--url '" + address + "' is not an address: " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int outcome(boolean allSent) {
        return allSent || !failOnError ? 0 : 1;
    }

    private static String firstOf(String option, String variable) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        return variable == null || variable.isBlank() ? null : variable;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"verdict upload " + Commands.version()};
        }
    }
}
