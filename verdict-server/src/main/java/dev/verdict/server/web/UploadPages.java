package dev.verdict.server.web;

import dev.verdict.core.ingest.UploadStatus;
import dev.verdict.core.paging.Page;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import java.util.List;
import java.util.Optional;

/**
 * Upload health: a suite's recent uploads with what became of each, so a person can see why
 * results are missing (a failed upload, results skipped for errors, one still queued).
 */
public final class UploadPages {
    private final WebApp app;
    private final Storage storage;

    /** One upload as the page shows it, with its run's page. */
    public record UploadRow(UploadStatus upload, String runPath) {}

    public record UploadsModel(Chrome chrome, List<UploadRow> uploads, String state, Paging paging) {
        public List<String> states() {
            return UploadStatus.STATES;
        }
    }

    UploadPages(WebApp app, Storage storage) {
        this.app = app;
        this.storage = storage;
    }

    void routes() {
        app.add("GET", "/organizations/{org}/analytics/suites/{suite}/uploads", WebApp.Access.READ, this::list);
    }

    private WebReply list(WebCall call) {
        Suite suite = call.suite(storage);
        Optional<String> state = call.query("state").filter(s -> !s.isBlank()).map(UploadStatus::state);
        Page<UploadStatus> page = storage.uploads().list(suite.id(), state, call.pageRequest(50));
        String org = call.organization().slug();
        UploadsModel model = new UploadsModel(
                call.chrome("Uploads · " + suite.name(), suite, "uploads"),
                page.items().stream()
                        .map(u -> new UploadRow(u, WebPaths.run(org, suite.slug(), u.runId())))
                        .toList(),
                state.orElse(""),
                Paging.of(page, call.pathAndQuery()));
        return WebReply.page(app.templates().render("uploads.jte", model));
    }
}
