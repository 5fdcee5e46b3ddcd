package dev.verdict.core;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers are made by the application, not the database, so a batch of rows can be written
 * without a round trip per row. UUIDv7 (RFC 9562) keeps them time-ordered, which keeps B-tree
 * inserts at the right edge of the index instead of scattered across it. Ids need to be unique,
 * not secret (secrets are in {@code Tokens}), so the random bits come from a fast per-thread
 * generator: a shared SecureRandom serialised the ingest path's thousands of ids per upload.
 */
public final class Ids {

    private Ids() {}

    public static UUID uuid7() {
        return uuid7(System.currentTimeMillis());
    }

    public static UUID uuid7(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextInt(1 << 12);
        long msb = (epochMillis << 16) | 0x7000L | randA;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * The {@code sequence}th of ids made at one instant, ordered by {@code sequence} (RFC 9562's
     * counter in the random bits: 12 in rand_a, 20 at the top of rand_b, the other 42 random), so
     * the executions of one upload keep the order the report gave them: a test's attempts read back
     * first to last.
     */
    public static UUID uuid7(long epochMillis, int sequence) {
        long counter = sequence & 0xFFFF_FFFFL;
        long msb = (epochMillis << 16) | 0x7000L | (counter >>> 20);
        long random = ThreadLocalRandom.current().nextLong() & 0x3FF_FFFF_FFFFL;
        long lsb = 0x8000_0000_0000_0000L | ((counter & 0xF_FFFFL) << 42) | random;
        return new UUID(msb, lsb);
    }

    /** The instant, in epoch milliseconds, a time-ordered id was made for (its top 48 bits). */
    public static long millis(UUID uuid7) {
        return uuid7.getMostSignificantBits() >>> 16;
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
