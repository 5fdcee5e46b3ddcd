package dev.verdict.core.pipeline;

/** One step of processing an upload, inside its unit of work. */
public interface Step {
    void apply(Batch batch);
}
