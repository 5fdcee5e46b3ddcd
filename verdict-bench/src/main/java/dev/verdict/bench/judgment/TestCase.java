package dev.verdict.bench.judgment;

/**
 * One test of the generated suite, named as a collector reports it: {@code scope} is the file's
 * describe block, {@code name} the test's title. Scope and name together identify it.
 */
public record TestCase(int index, String scope, String name, String fileName, String location) {
    /** The identity the server keys a test by. */
    public String key() {
        return key(scope, name);
    }

    public static String key(String scope, String name) {
        return scope + "\n" + name;
    }
}
