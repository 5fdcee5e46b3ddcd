package dev.verdict.core;

import java.util.Collection;
import java.util.List;
import java.util.Set;
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
     * A file name or location as the repository names it, so owners, test plans and pages compare
     * it with paths other tools wrote: made relative to the directory the tests ran in ({@code
     * cwd}), to an absolute {@code location_prefix}, or else to {@code root} (the upload's common
     * checkout, {@link #checkoutRoot}); a relative path goes under a relative {@code
     * location_prefix} (a monorepo's package), as Buildkite's collectors put it.
     */
    public static String inCheckout(String cwd, String prefix, String root, String path) {
        if (path == null) {
            return null;
        }
        String p = relativeTo(cwd, path);
        if (prefix != null && prefix.startsWith("/")) {
            return relativeTo(prefix, p);
        }
        p = relativeTo(root, p);
        return p.startsWith("/") ? p : prefixed(prefix, p);
    }

    /**
     * Top-level folders of repositories, where a checkout's own path ends and the repository's
     * begins when nothing else says ({@code app} is left out: it names projects as often).
     */
    private static final Set<String> REPOSITORY_FOLDERS = Set.of(
            "src",
            "test",
            "tests",
            "spec",
            "specs",
            "__tests__",
            "lib",
            "packages",
            "e2e",
            "cypress",
            "pkg",
            "internal");

    /**
     * Where an upload's absolute paths (those left after {@code cwd}) have their checkout: the
     * directory they all share, cut before its first folder that repositories have at their top
     * ({@code src}, {@code tests}, {@code packages}, ...), so {@code /ci/build/shop/src/a.test.js}
     * alone reads {@code src/a.test.js}. Null when no path is absolute.
     */
    public static String checkoutRoot(Collection<String> paths) {
        String common = null;
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                continue;
            }
            String dir = path.substring(0, withoutLine(path).lastIndexOf('/') + 1);
            common = common == null ? dir : sharedDirectory(common, dir);
        }
        if (common == null || common.equals("/")) {
            return null;
        }
        String[] segments = common.substring(1).split("/");
        StringBuilder root = new StringBuilder("/");
        for (String segment : segments) {
            if (REPOSITORY_FOLDERS.contains(segment)) {
                break;
            }
            root.append(segment).append('/');
        }
        return root.length() == 1 ? null : root.toString();
    }

    private static String sharedDirectory(String a, String b) {
        int end = 0;
        for (int i = 0; i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i); i++) {
            if (a.charAt(i) == '/') {
                end = i + 1;
            }
        }
        return a.substring(0, end);
    }

    /**
     * The path a test's owners are matched against: its file name, else its location, else one
     * made from its scope for reports that name no file (JUnit from Maven or pytest): a Java class
     * {@code com.acme.CartTest} reads {@code com/acme/CartTest.java}, a Python module {@code
     * tests.test_cart} (with or without a class after it) {@code tests/test_cart.py}. Empty when
     * there is nothing to go on.
     */
    public static String owned(String fileName, String location, String scope) {
        if (fileName != null && !fileName.isBlank()) {
            return fileName;
        }
        if (location != null && !location.isBlank()) {
            return location;
        }
        if (scope == null || !DOTTED.matcher(scope).matches()) {
            return "";
        }
        List<String> parts = List.of(scope.split("\\."));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("test_") || part.endsWith("_test") || part.endsWith("_tests")) {
                return String.join("/", parts.subList(0, i + 1)) + ".py";
            }
        }
        int firstClass = 0;
        while (firstClass < parts.size()
                && !Character.isUpperCase(parts.get(firstClass).charAt(0))) {
            firstClass++;
        }
        if (firstClass == parts.size()) {
            return String.join("/", parts) + ".py";
        }
        // A nested class (Outer$Inner, Outer.Inner) is in its outer class's file.
        String outer = parts.get(firstClass).split("\\$")[0];
        return String.join("/", parts.subList(0, firstClass)) + (firstClass == 0 ? "" : "/") + outer + ".java";
    }

    /** A dotted name as JUnit's classname gives one: package, module or class segments. */
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*");

    /**
     * An absolute {@code path} under the directory the tests ran in ({@code run_env[cwd]}) made
     * relative to it, as the repository names it; any other path as it is.
     */
    public static String relativeTo(String cwd, String path) {
        if (cwd == null || path == null || !cwd.startsWith("/") || !path.startsWith("/")) {
            return path;
        }
        String dir = cwd.endsWith("/") ? cwd : cwd + "/";
        return path.startsWith(dir) && path.length() > dir.length() ? path.substring(dir.length()) : path;
    }
}
