package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Timestamps;
import dev.verdict.core.Validation;
import dev.verdict.core.ownership.TestOwners;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.server.http.ApiException;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.MultipartForms;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import dev.verdict.server.http.Sizes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * {@code POST /v1/test-ownerships}: a suite's TESTOWNERS file, sent with the suite's upload token
 * as a multipart {@code file}. It replaces the suite's previous file, and every test's owners are
 * worked out from it at once.
 */
public final class TestOwnershipApi {
    /** The form around a 1 MB file: its boundaries and headers. */
    private static final long FORM_OVERHEAD = 64 << 10;

    private final Storage storage;
    private final Clock clock;

    public TestOwnershipApi(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public void routes(Router router) {
        router.add("POST", "/v1/test-ownerships", Guard.suiteToken(), this::upload);
    }

    private Reply upload(Call call) throws Exception {
        Suite suite = call.suite();
        String contentType = call.header("Content-Type").orElse("");
        if (!MultipartForms.isMultipart(contentType)) {
            throw new ApiException(415, "send the TESTOWNERS file as multipart/form-data with a part named file");
        }
        String content;
        long limit = TestOwners.MAX_BYTES + FORM_OVERHEAD;
        try (MultiPartFormData.Parts parts = MultipartForms.parse(contentType, call.body(limit), limit, limit, null)) {
            MultiPart.Part file = parts.getFirst("file");
            if (file == null) {
                throw new Validation(
                        List.of(new Validation.Problem("file", "missing_field", "is required: the TESTOWNERS file")));
            }
            ByteBuffer bytes = Content.Source.asByteBuffer(file.createContentSource());
            if (bytes.remaining() > TestOwners.MAX_BYTES) {
                throw new ApiException(
                        413, "the TESTOWNERS file is larger than the limit of " + Sizes.describe(TestOwners.MAX_BYTES));
            }
            content = utf8(bytes);
        }
        TestOwners owners = TestOwners.parse(content);
        int owned = storage.tests()
                .replaceOwners(suite.id(), content, owners.matching(TestOwners.MATCHING_BUDGET), Timestamps.now(clock));
        return Reply.ok(Map.of("rules", owners.size(), "tests_owned", owned));
    }

    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the TESTOWNERS file is not UTF-8 text");
        }
    }
}
