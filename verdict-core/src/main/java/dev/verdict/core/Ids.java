package dev.verdict.core;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifiers are made by the application, not the database, so a batch of rows can be written
 * without a round trip per row. UUIDv7 (RFC 9562) keeps them time-ordered, which keeps B-tree
 * inserts at the right edge of the index instead of scattered across it.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static UUID uuid7() {
        return uuid7(System.currentTimeMillis());
    }

    public static UUID uuid7(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMillis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** An id as a client wrote it; empty when it is not a UUID (so the thing is simply not found). */
    public static Optional<UUID> parse(String text) {
        try {
            return text == null || text.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
