package dev.verdict.server.cli;

import dev.verdict.core.access.Organization;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.Suites;
import dev.verdict.storage.JdbcStorage;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "suite",
        mixinStandardHelpOptions = true,
        description = "Manage test suites.",
        subcommands = SuiteCommand.RotateToken.class)
final class SuiteCommand extends CommandGroup {

    @Command(
            name = "rotate-token",
            mixinStandardHelpOptions = true,
            description = {
                "Give a suite a new upload token and print it (only it) on stdout; the old one stops working.",
                "The way back for a suite whose token show_api_token cannot show (409): one sealed under a secret key"
                        + " that was lost. Safe to run beside a running server."
            })
    static final class RotateToken implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Option(names = "--org", required = true, paramLabel = "SLUG", description = "The suite's organization.")
        String org;

        @Option(names = "--suite", required = true, paramLabel = "SLUG", description = "The suite's slug.")
        String suite;

        @Override
        public Integer call() {
            try (JdbcStorage storage = JdbcStorage.open(store.database())) {
                storage.migrate();
                SecretBox box =
                        new SecretBox(SecretKeys.load(store.dataDir, storage.suites()::holdsSealedUploadTokens, false));
                Organization organization = storage.access()
                        .organization(org)
                        .orElseThrow(() -> new IllegalStateException("no organization '" + org + "'"));
                Suite found = storage.suites()
                        .find(organization.id(), suite)
                        .orElseThrow(() -> new IllegalStateException("no suite '" + suite + "' in " + org));
                spec.commandLine()
                        .getOut()
                        .println(new Suites(storage.suites(), box, Clock.systemUTC()).rotateUploadToken(found));
            }
            return 0;
        }
    }
}
