package dev.verdict.server.cli;

import dev.verdict.storage.JdbcStorage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Apply schema migrations to the store, then exit.")
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (JdbcStorage storage = JdbcStorage.open(store.database())) {
            storage.migrate();
            spec.commandLine().getErr().println("verdict: the store is up to date (" + storage.target() + ")");
        }
        return 0;
    }
}
