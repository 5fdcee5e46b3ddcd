package dev.verdict.server.cli;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.http.RateLimits;
import dev.verdict.storage.DatabaseTarget;
import dev.verdict.upload.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The settings every subcommand reads, each as a flag and as an environment variable. */
public final class Settings {
    static final String SECRET_KEY_FILE = "secret.key";

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "${env:VERDICT_PORT:-8080}",
            description = "Port to listen on (env VERDICT_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:VERDICT_DATA_DIR:-./data}",
            description =
                    "Directory for the SQLite store and the secret key (env VERDICT_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--database-url",
            defaultValue = "${env:VERDICT_DATABASE_URL}",
            description = "postgresql://user:password@host:port/db or a jdbc: URL (env VERDICT_DATABASE_URL;"
                    + " default: SQLite in the data directory).")
    String databaseUrl;

    @Option(
            names = "--public-url",
            defaultValue = "${env:VERDICT_PUBLIC_URL}",
            description = "Base of the url and web_url fields (env VERDICT_PUBLIC_URL; default http://localhost:PORT).")
    String publicUrl;

    @Option(
            names = "--stale-after",
            defaultValue = "${env:VERDICT_STALE_AFTER:-1h}",
            converter = Units.DurationConverter.class,
            description = "How long a run may stay without results before it reads as stale, e.g. 30m, 1h, 2d"
                    + " (env VERDICT_STALE_AFTER; default ${DEFAULT-VALUE}).")
    Duration staleAfter;

    @Option(
            names = "--max-upload-size",
            defaultValue = "${env:VERDICT_MAX_UPLOAD_SIZE:-64MiB}",
            converter = Units.SizeConverter.class,
            description = "The largest upload body after decompression, e.g. 64MiB, 512KiB"
                    + " (env VERDICT_MAX_UPLOAD_SIZE; default ${DEFAULT-VALUE}).")
    long maxUploadBytes;

    @Option(
            names = "--max-output-size",
            defaultValue = "${env:VERDICT_MAX_OUTPUT_SIZE:-64KiB}",
            converter = Units.SizeConverter.class,
            description = "How much of a test's system-out and of its system-err a result keeps, e.g. 64KiB, 1MiB;"
                    + " the middle of longer output is cut (env VERDICT_MAX_OUTPUT_SIZE; default ${DEFAULT-VALUE}).")
    long maxOutputBytes;

    @Option(
            names = "--rate-limit",
            defaultValue = "${env:VERDICT_RATE_LIMIT:-12000}",
            description = "API requests per organization and minute; 0 for no limit"
                    + " (env VERDICT_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(
            names = "--token-rate-limit",
            defaultValue = "${env:VERDICT_TOKEN_RATE_LIMIT:-6000}",
            description = "API requests per access token and minute; 0 for no limit"
                    + " (env VERDICT_TOKEN_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int tokenRateLimit;

    @Option(
            names = "--upload-rate-limit",
            defaultValue = "${env:VERDICT_UPLOAD_RATE_LIMIT:-6000}",
            description = "Uploads per organization and minute; 0 for no limit"
                    + " (env VERDICT_UPLOAD_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int uploadRateLimit;

    @Option(
            names = "--trust-proxy",
            defaultValue = "${env:VERDICT_TRUST_PROXY:-false}",
            description = "Believe a proxy's X-Forwarded-Proto, X-Forwarded-Host and Forwarded headers; only behind"
                    + " a proxy that sets them itself (env VERDICT_TRUST_PROXY; default ${DEFAULT-VALUE}).")
    boolean trustProxy;

    DatabaseTarget database() {
        return DatabaseTarget.resolve(databaseUrl, dataDir);
    }

    VerdictConfig config() {
        return new VerdictConfig(
                port,
                database(),
                Optional.ofNullable(publicUrl).filter(u -> !u.isBlank()),
                new SecretBox(secretKey()),
                Clock.systemUTC(),
                staleAfter,
                maxUploadBytes,
                (int) Math.min(Integer.MAX_VALUE, maxOutputBytes),
                rateLimits(),
                VerdictConfig.Front.DEFAULTS.withTrustProxy(trustProxy));
    }

    private RateLimits rateLimits() {
        try {
            return new RateLimits(rateLimit, tokenRateLimit, uploadRateLimit);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--rate-limit, --token-rate-limit and --upload-rate-limit: " + e.getMessage());
        }
    }

    /**
     * The key that seals suite upload tokens: VERDICT_SECRET_KEY (base64 of 32 bytes) if set, else a
     * key file in the data directory, made on first use. Every server on one database needs the
     * same key, so such setups set VERDICT_SECRET_KEY on each.
     */
    byte[] secretKey() {
        String fromEnv = System.getenv("VERDICT_SECRET_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decodeKey(fromEnv.strip(), "VERDICT_SECRET_KEY");
        }
        Path file = dataDir.resolve(SECRET_KEY_FILE);
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file).strip(), file.toString());
            }
            Files.createDirectories(dataDir);
            byte[] key = SecretBox.newKey();
            Path temp = Files.createTempFile(dataDir, SECRET_KEY_FILE, ".tmp");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n");
            try {
                // A link, not a move: if another process made the file meanwhile, its key wins.
                Files.createLink(file, temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return decodeKey(Files.readString(file).strip(), file.toString());
            } finally {
                Files.deleteIfExists(temp);
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decodeKey(String text, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length == SecretBox.KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(source + " must hold " + SecretBox.KEY_BYTES
                + " bytes in base64 (make one with: openssl rand -base64 32)");
    }
}
