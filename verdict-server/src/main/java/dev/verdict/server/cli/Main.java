package dev.verdict.server.cli;

import dev.verdict.upload.Commands;
import dev.verdict.upload.UploadCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "verdict",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Verdict: a self-hosted test analytics server that speaks Buildkite Test Engine's APIs.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            BackupCommand.class,
            HealthCommand.class,
            TokenCommand.class,
            SuiteCommand.class,
            WarmupCommand.class,
            UploadCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                args));
    }

    /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Commands.execute(new CommandLine(new Main()), out, err, args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"verdict " + Commands.version()};
        }
    }
}
