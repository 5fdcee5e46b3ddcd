package dev.verdict.upload;

/**
 * The upload jar's entry point, compiled for Java 8 so that a CI machine with an older Java hears
 * in one line what it needs, instead of a class-version error; on Java 25 or newer it runs {@link
 * UploadCommand}. An upload must not fail the build, so the exit code is 0 unless --fail-on-error.
 */
public final class Launcher {
    private static final int NEEDED = 25;

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String version = System.getProperty("java.specification.version", "0");
        String major = version.startsWith("1.") ? version.substring(2) : version.split("\\.")[0];
        if (Integer.parseInt(major) < NEEDED) {
            System.err.println("verdict upload: needs Java " + NEEDED + " or newer, and this is Java " + version + " ("
                    + System.getProperty("java.home") + "); nothing was sent");
            System.exit(java.util.Arrays.asList(args).contains("--fail-on-error") ? 1 : 0);
        }
        Class.forName("dev.verdict.upload.UploadCommand")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }
}
