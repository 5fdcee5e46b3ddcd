package dev.verdict.server.cli;

import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.storage.JdbcStorage;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manage API access tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand extends CommandGroup {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create an API access token and print it (only it) on stdout.",
                "Creates the organization if it does not exist. Safe to run beside a running server."
            })
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme.")
        String org;

        @Option(
                names = "--scopes",
                required = true,
                paramLabel = "SCOPES",
                description = "Comma-separated scopes: read_suites, write_suites, read_test_plan, write_test_plan;"
                        + " read_metrics (the whole server's /metrics, for operators).")
        String scopes;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Override
        public Integer call() {
            if (!Organization.isValidSlug(org)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--org must be a slug of lower-case letters,"
                                + " digits, '-' and '_', starting with a letter or digit: '" + org + "'");
            }
            Set<Scope> parsed = parseScopes();
            try (JdbcStorage storage = JdbcStorage.open(store.database())) {
                storage.migrate();
                Organization organization = storage.access().ensureOrganization(org);
                String token = new AccessTokens(storage.access(), Clock.systemUTC())
                        .create(organization, parsed, Optional.ofNullable(description));
                spec.commandLine().getOut().println(token);
            }
            return 0;
        }

        private Set<Scope> parseScopes() {
            Set<Scope> parsed = EnumSet.noneOf(Scope.class);
            for (String name : scopes.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                parsed.add(Scope.fromWireName(name)
                        .orElseThrow(() -> new ParameterException(
                                spec.commandLine(),
                                "unknown scope '" + name.strip() + "'; scopes are " + Scope.allWireNames())));
            }
            if (parsed.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), "--scopes names no scope; scopes are " + Scope.allWireNames());
            }
            return parsed;
        }
    }
}
