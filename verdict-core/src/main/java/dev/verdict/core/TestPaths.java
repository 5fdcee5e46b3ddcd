package dev.verdict.core;

import java.util.regex.Pattern;

/**
 * How the paths of test files are read, in one place: collectors write them relative ({@code
 * ./spec/a_spec.rb}), absolute (Jest: {@code /workspace/app/src/a.test.js}) or with a location
 * ({@code spec/a_spec.rb:12}), and test plans, owners and the pages compare them with paths that
 * other tools wrote.
 */
public final class TestPaths {
    /** A location's line (and column): {@code :12} or {@code :12:5} at the end. */
    private static final Pattern LOCATION_SUFFIX = Pattern.compile("(:\\d+)+$");

    private TestPaths() {}

    /** The path without a leading {@code ./}. */
    public static String withoutDotSlash(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    /** A location's file: the path without its line (and column). */
    public static String withoutLine(String location) {
        return LOCATION_SUFFIX.matcher(location).replaceFirst("");
    }

    /**
     * {@code path} under a monorepo package's {@code prefix} ({@code location_prefix}); as it is
     * when either is null.
     */
    public static String prefixed(String prefix, String path) {
        if (prefix == null || prefix.isEmpty() || path == null) {
            return path;
        }
        String rest = withoutDotSlash(path);
        return prefix.endsWith("/") ? prefix + rest : prefix + "/" + rest;
    }

    /**
     * An absolute {@code path} under the directory the tests ran in ({@code run_env[cwd]}) made
     * relative to it, as the repository names it; any other path as it is.
     */
    public static String relativeTo(String cwd, String path) {
        if (cwd == null || path == null || !cwd.startsWith("/")) {
            return path;
        }
        String dir = cwd.endsWith("/") ? cwd : cwd + "/";
        return path.startsWith(dir) && path.length() > dir.length() ? path.substring(dir.length()) : path;
    }
}
