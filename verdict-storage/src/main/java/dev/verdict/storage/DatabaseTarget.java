package dev.verdict.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the data lives, from the user's {@code --database-url}: absent means SQLite in the data
 * directory; {@code postgresql://user:password@host:port/db} (or {@code postgres://}) and
 * {@code jdbc:postgresql:...} or {@code jdbc:sqlite:...} URLs are taken as they are.
 */
public record DatabaseTarget(Dialect dialect, String jdbcUrl) {
    public static final String SQLITE_FILE = "verdict.db";

    public static DatabaseTarget resolve(String databaseUrl, Path dataDir) {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            return new DatabaseTarget(
                    Dialect.SQLITE,
                    "jdbc:sqlite:"
                            + dataDir.resolve(SQLITE_FILE).toAbsolutePath().normalize());
        }
        String url = databaseUrl.strip();
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseTarget(Dialect.POSTGRESQL, url);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new DatabaseTarget(Dialect.SQLITE, url);
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return new DatabaseTarget(Dialect.POSTGRESQL, fromLibpqUrl(url));
        }
        throw new IllegalArgumentException("database URL must start with postgresql://, jdbc:postgresql: or"
                + " jdbc:sqlite:, not '" + redact(url) + "'");
    }

    /** Turns a libpq-style URL into a JDBC one, moving user and password into parameters. */
    private static String fromLibpqUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database URL is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database URL names no host: '" + redact(url) + "'");
        }
        List<String> params = new ArrayList<>();
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            params.add("user=" + userInfo[0]);
            if (userInfo.length == 2) {
                params.add("password=" + userInfo[1]);
            }
        }
        if (uri.getRawQuery() != null) {
            params.add(uri.getRawQuery());
        }
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        return "jdbc:postgresql://" + uri.getHost() + port + path
                + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }

    /**
     * Where the database is, as an operator names it: host:port for PostgreSQL (5432 when the URL
     * names none), the file for SQLite (as the URL gives it, perhaps {@code :memory:}).
     */
    public String location() {
        if (dialect == Dialect.SQLITE) {
            return jdbcUrl.substring("jdbc:sqlite:".length()).split("\\?", 2)[0];
        }
        String rest = jdbcUrl.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            return "localhost:5432";
        }
        String hosts = rest.substring(2).split("[/?]", 2)[0];
        boolean hasPort = hosts.lastIndexOf(':') > hosts.lastIndexOf(']');
        return hosts.isEmpty() ? "localhost:5432" : hasPort ? hosts : hosts + ":5432";
    }

    /** The URL without its password, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return dialect + " " + redact(URLDecoder.decode(jdbcUrl, StandardCharsets.UTF_8));
    }
}
