package dev.verdict.server.cli;

import dev.verdict.storage.DatabaseTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the store is: what every command that opens it reads, as flags or environment variables. */
final class StoreOptions {
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

    DatabaseTarget database() {
        return DatabaseTarget.resolve(databaseUrl, dataDir);
    }
}
