package dev.verdict.bench.judgment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock a server under evaluation runs on: the replay sets it to each upload's time before
 * sending it, so the server sees ten days of CI in a minute. It only moves forward.
 */
public final class ReplayClock extends Clock {
    private final AtomicReference<Instant> now;

    public ReplayClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves to {@code to}, or stays where it is if that is in its past. */
    public void moveTo(Instant to) {
        now.accumulateAndGet(to, (a, b) -> b.isAfter(a) ? b : a);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
