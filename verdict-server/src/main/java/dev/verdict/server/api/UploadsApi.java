package dev.verdict.server.api;

import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.Validation;
import dev.verdict.core.access.Scope;
import dev.verdict.core.ingest.Ingest;
import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.ResultFormats;
import dev.verdict.core.ingest.TooManyResults;
import dev.verdict.core.ingest.UploadBuilder;
import dev.verdict.core.ingest.UploadStatus;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.server.http.ApiException;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.ContentDecoding;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.MultipartForms;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import dev.verdict.server.http.Spool;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * The upload API the collectors use: {@code POST /v1/uploads} with a suite's upload token, as a
 * JSON body (optionally gzip or deflate) or a multipart form. The answer is 202 only once the upload
 * is committed; processing into runs and executions follows in the background.
 */
public final class UploadsApi {
    private static final Pattern FIELD = Pattern.compile("(run_env|tags)\\[(.+)]");
    /** Formats a multipart upload's data file may have. */
    private static final List<String> FORMATS =
            List.of("json", "junit", "jest-json", "playwright-json", "rspec-json", "cucumber-json", "go-jsonl");
    /** Formats a JSON body may name: results inline, or (the 2022 form) JUnit XML as a string. */
    private static final List<String> JSON_BODY_FORMATS = List.of("json", "junit");
    /** Multipart parts up to this size stay in memory; larger ones (result files) go to disk. */
    private static final long IN_MEMORY_PART = 1 << 20;

    private final Storage storage;
    private final Ingest ingest;
    private final Urls urls;
    private final long maxBytes;
    private final int maxOutputChars;
    private final Path spool;

    public UploadsApi(Storage storage, Ingest ingest, Urls urls, long maxBytes, int maxOutputChars, Spool spool) {
        this.maxOutputChars = maxOutputChars;
        this.storage = storage;
        this.ingest = ingest;
        this.urls = urls;
        this.maxBytes = maxBytes;
        this.spool = spool.directory();
    }

    public void routes(Router router) {
        router.add("POST", "/v1/uploads", Guard.suiteToken(), this::upload)
                .add("GET", "/v1/uploads/{upload}", Guard.suiteToken(), this::status)
                .add("GET", SuitesApi.SUITE + "/uploads", Guard.scope(Scope.READ_SUITES), this::list);
    }

    private Reply upload(Call call) throws Exception {
        Suite suite = call.suite();
        UploadBuilder builder = new UploadBuilder().maxOutputChars(maxOutputChars);
        String contentType = call.header("Content-Type").orElse("application/json");
        InputStream body = ContentDecoding.decode(
                call.body(Long.MAX_VALUE), call.header("Content-Encoding").orElse(null), maxBytes);
        try {
            if (MultipartForms.isMultipart(contentType)) {
                readMultipart(contentType, body, builder);
            } else {
                JsonUploadReader.readBody(body, builder);
                requireSupported(builder.format(), JSON_BODY_FORMATS);
            }
        } catch (TooManyResults e) {
            throw new ApiException(413, e.getMessage());
        }
        ParsedUpload upload = builder.build();
        UploadStore.Queued queued = ingest.accept(suite, upload);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", queued.uploadId().toString());
        answer.put("run_id", queued.runId().toString());
        answer.put("queued", upload.results().size());
        answer.put("skipped", upload.skipped());
        answer.put("errors", upload.errors());
        answer.put("run_url", urls.runWeb(organizationSlug(suite), suite.slug(), queued.runId()));
        answer.put("upload_id", queued.uploadId().toString());
        answer.put("upload_url", urls.upload(queued.uploadId()));
        return Reply.accepted(answer);
    }

    /**
     * Multipart forms arrive in any order (the data file may come before the format), so every
     * part is collected first, small ones in memory and result files on disk, then read.
     */
    private void readMultipart(String contentType, InputStream body, UploadBuilder builder) throws Exception {
        try (MultiPartFormData.Parts parts = MultipartForms.parse(contentType, body, maxBytes, IN_MEMORY_PART, spool)) {
            MultiPart.Part data = null;
            String format = null;
            for (MultiPart.Part part : parts) {
                String name = part.getName() == null ? "" : part.getName();
                Matcher field = FIELD.matcher(name);
                if (name.equals("data")) {
                    data = part;
                } else if (name.equals("format")) {
                    format = part.getContentAsString(StandardCharsets.UTF_8).strip();
                } else if (field.matches()) {
                    String value = part.getContentAsString(StandardCharsets.UTF_8);
                    if (field.group(1).equals("run_env")) {
                        builder.runEnv(field.group(2), value);
                    } else {
                        builder.tag(field.group(2), value);
                    }
                }
            }
            if (format == null || format.isEmpty()) {
                throw validation("format", "missing_field", "is required: one of " + String.join(", ", FORMATS));
            }
            requireSupported(format, FORMATS);
            builder.format(format);
            if (data == null) {
                throw validation("data", "missing_field", "is required: a file part holding the results");
            }
            try (InputStream in = Content.Source.asInputStream(data.createContentSource())) {
                ResultFormats.reader(format).orElseThrow().read(in, builder);
            }
        }
    }

    private static void requireSupported(String format, List<String> supported) {
        if (!supported.contains(format)) {
            String more = FORMATS.contains(format) ? " in a JSON body (send it as a multipart data file)" : "";
            throw validation(
                    "format",
                    "invalid",
                    "'" + format + "' is not supported" + more + "; use one of " + String.join(", ", supported));
        }
    }

    private static Validation validation(String field, String code, String message) {
        return new Validation(List.of(new Validation.Problem(field, code, message)));
    }

    private Reply status(Call call) {
        Suite suite = call.suite();
        UploadStatus upload = Ids.parse(call.path("upload"))
                .flatMap(id -> storage.uploads().find(suite.id(), id))
                .orElseThrow(() -> new NotFound("No upload found"));
        return Reply.ok(view(upload, organizationSlug(suite), suite));
    }

    /** Upload health: the suite's uploads, newest first, each as {@code GET /v1/uploads/{id}} answers it. */
    private Reply list(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        String org = call.organization().slug();
        return call.page(storage.uploads()
                .list(suite.id(), call.query("state").map(UploadStatus::state), call.pageRequest())
                .map(upload -> view(upload, org, suite)));
    }

    private Map<String, Object> view(UploadStatus upload, String org, Suite suite) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", upload.id().toString());
        answer.put("run_id", upload.runId().toString());
        answer.put("state", upload.state());
        answer.put("format", upload.format());
        answer.put("queued", upload.queued());
        answer.put("skipped", upload.skipped());
        answer.put("errors", upload.errors());
        answer.put("failure", upload.failure());
        answer.put("attempts", upload.attempts());
        answer.put("created_at", Timestamps.format(upload.createdAt()));
        answer.put("processed_at", upload.processedAt() == null ? null : Timestamps.format(upload.processedAt()));
        answer.put("run_url", urls.runWeb(org, suite.slug(), upload.runId()));
        return answer;
    }

    private String organizationSlug(Suite suite) {
        return storage.access()
                .organization(suite.organizationId())
                .map(org -> org.slug())
                .orElseThrow(() -> new IllegalStateException("suite " + suite.id() + " has no organization"));
    }
}
