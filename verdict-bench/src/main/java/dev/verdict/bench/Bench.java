package dev.verdict.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Verdict's benchmarks. Traffic goes to loopback only; every run is bounded by its counts.",
            "Output: one figure a line, 'name: value unit'; progress goes to stderr."
        },
        subcommands = {IngestBench.class, QueryBench.class, SoakBench.class, FlakyBench.class, PlanBench.class})
public final class Bench implements Runnable {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Bench());
        cli.setParameterExceptionHandler((e, ignored) -> {
            e.getCommandLine()
                    .getErr()
                    .println("bench: " + e.getMessage() + " (see '"
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, ignored) -> {
            commandLine.getErr().println("bench: " + e);
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
