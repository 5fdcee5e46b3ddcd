package dev.verdict.server.cli;

import dev.verdict.storage.JdbcStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Write a consistent copy of the SQLite store to a new file, while servers keep serving it.",
            "To restore: stop the server, put the file in place of <data-dir>/verdict.db (removing"
                    + " verdict.db-wal and verdict.db-shm), keep <data-dir>/secret.key, and start it.",
            "PostgreSQL stores are backed up with pg_dump."
        })
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The new file to write the copy to.")
    Path to;

    @Override
    public Integer call() {
        try (JdbcStorage storage = JdbcStorage.open(store.database())) {
            storage.backup(to);
        }
        var err = spec.commandLine().getErr();
        err.println("verdict: backed up the store to " + to + " (" + size(to) + ")");
        // The upload tokens in the copy are sealed under the secret key, which the copy does not hold.
        err.println("verdict: keep " + store.dataDir.resolve(SecretKeys.FILE)
                + " (or VERDICT_SECRET_KEY) with it: suites' upload tokens can be shown only under that key");
        return 0;
    }

    private static String size(Path file) {
        try {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", Files.size(file) / 1048576.0);
        } catch (java.io.IOException e) {
            return "size unknown";
        }
    }
}
