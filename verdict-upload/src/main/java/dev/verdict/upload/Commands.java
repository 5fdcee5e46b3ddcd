package dev.verdict.upload;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;

/**
 * How every verdict command behaves, whether run as {@code verdict ...} or as the upload jar alone:
 * exit 0 when done, 1 when it failed and 2 on wrong usage, each problem on one line.
 */
public final class Commands {
    private Commands() {}

    /** Runs a command line and returns its exit code. */
    public static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        cli.setOut(out).setErr(err);
        // One line, not a usage dump: the user can ask for --help.
        cli.setParameterExceptionHandler((e, ignored) -> {
            PrintWriter usage = e.getCommandLine().getErr();
            usage.println("verdict: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, ignored) -> {
            commandLine.getErr().println("verdict: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** An exception as one line: its message, and its root cause's when that adds something. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e
                && root.getMessage() != null
                && !message.toLowerCase(Locale.ROOT).contains(root.getMessage().toLowerCase(Locale.ROOT))) {
            message += ": " + root.getMessage();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** The version the jar's manifest gives, for {@code --version} and the collector identity. */
    public static String version() {
        String version = Commands.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
