package dev.verdict.core.ingest;

import dev.verdict.core.Timestamps;
import dev.verdict.core.suites.Suite;
import java.time.Clock;

/** Accepting an upload: it is queued durably, then the processor is told there is work. */
public final class Ingest {
    private final UploadStore store;
    private final UploadProcessor processor;
    private final Clock clock;

    public Ingest(UploadStore store, UploadProcessor processor, Clock clock) {
        this.store = store;
        this.processor = processor;
        this.clock = clock;
    }

    /** Returns once the upload is committed: nothing acknowledged is ever lost. */
    public UploadStore.Queued accept(Suite suite, ParsedUpload upload) {
        UploadStore.Queued queued =
                store.enqueue(suite.id(), upload, Payloads.write(upload.results()), Timestamps.now(clock));
        processor.wake();
        return queued;
    }
}
