package dev.verdict.core.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The format of every secret token Verdict issues: {@code <kind>_<id><secret>}, where the id (22
 * base64url characters) names the stored row and the secret (43 characters, 256 random bits) is
 * kept only as its SHA-256. Looking a token up by its id, then comparing the secret's hash in
 * constant time, means the database never sees the secret and a timing difference says nothing
 * about it. A fast hash is right here: the secret is random, so there is nothing to brute-force.
 */
public final class Tokens {
    /** Which kind of token: the prefix makes a leaked token easy to recognise and to scan for. */
    public enum Kind {
        /** A user API access token for the REST API. */
        ACCESS("vdt_"),
        /** A suite's upload token, for the collectors. */
        SUITE("vds_");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** A freshly issued token: the text to give the user once, and what to store. */
    public record Issued(UUID id, String text, byte[] secretHash) {}

    /** A token as presented by a client, split into the stored row's id and the secret. */
    public record Presented(UUID id, String secret) {
        public boolean matches(byte[] storedHash) {
            return MessageDigest.isEqual(hash(secret), storedHash);
        }
    }

    private static final int ID_CHARS = 22;
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Tokens() {}

    public static Issued issue(Kind kind, UUID id) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String secretText = ENCODER.encodeToString(secret);
        ByteBuffer idBytes =
                ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        String text = kind.prefix + ENCODER.encodeToString(idBytes.array()) + secretText;
        return new Issued(id, text, hash(secretText));
    }

    /** Splits a presented token; empty when it is not one of ours of that kind. */
    public static Optional<Presented> parse(Kind kind, String text) {
        if (text == null || !text.startsWith(kind.prefix) || text.length() <= kind.prefix.length() + ID_CHARS) {
            return Optional.empty();
        }
        String body = text.substring(kind.prefix.length());
        try {
            ByteBuffer idBytes = ByteBuffer.wrap(DECODER.decode(body.substring(0, ID_CHARS)));
            UUID id = new UUID(idBytes.getLong(), idBytes.getLong());
            return Optional.of(new Presented(id, body.substring(ID_CHARS)));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
