package dev.verdict.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theBarShowsFilesResultsAndBytes() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), true, Clock.systemUTC(), 4, 4096);
        progress.read(1500);
        progress.fileDone(2048, true);

        assertThat(progress.bar()).isEqualTo("[############------------] 1/4 files  1,500 results  2.0 KiB/4.0 KiB");
        assertThat(err.toString()).contains("\r\033[K[");
    }

    @Test
    void aBigFilesPartsMoveTheBarBeforeItIsDone() {
        Progress progress = new Progress(new PrintWriter(new StringWriter()), true, Clock.systemUTC(), 1, 4096);
        progress.sent(1024);
        progress.sent(1024);

        assertThat(progress.bar())
                .startsWith("[############------------] 0/1 files")
                .endsWith("2.0 KiB/4.0 KiB");
        progress.fileDone(2048, true);
        assertThat(progress.bar())
                .startsWith("[########################] 1/1 files")
                .endsWith("4.0 KiB/4.0 KiB");
    }

    @Test
    void offATerminalOnlyTheSummaryIsWritten() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), false, Clock.systemUTC(), 2, 10);
        progress.read(3);
        progress.fileDone(5, true);
        progress.accepted(new UploadClient.Accepted("http://x/runs/1", 3, 0, 0));
        progress.fileDone(5, false);
        progress.finish();

        assertThat(err.toString())
                .matches("verdict upload: 1 of 2 files, 1 not sent, 3 results \\(10 B\\) in \\d+\\.\\d s:"
                        + " 3 queued, 0 skipped by the server\\n");
    }
}
