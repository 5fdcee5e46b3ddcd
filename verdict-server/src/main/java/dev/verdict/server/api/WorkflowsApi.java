package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.core.workflows.WorkflowEvent;
import dev.verdict.core.workflows.WorkflowSpec;
import dev.verdict.core.workflows.WorkflowStore;
import dev.verdict.core.workflows.Workflows;
import dev.verdict.server.http.ApiException;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Workflows API: {@code .../suites/{suite}/workflows}, and each workflow's events. */
public final class WorkflowsApi {
    static final String WORKFLOWS = SuitesApi.SUITE + "/workflows";
    static final String WORKFLOW = WORKFLOWS + "/{workflow}";

    private final Storage storage;
    private final Workflows workflows;
    private final Urls urls;

    public WorkflowsApi(Storage storage, Workflows workflows, Urls urls) {
        this.storage = storage;
        this.workflows = workflows;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add("GET", WORKFLOWS, Guard.scope(Scope.READ_SUITES), this::list)
                .add("POST", WORKFLOWS, Guard.scope(Scope.WRITE_SUITES), this::create)
                .add("GET", WORKFLOW, Guard.scope(Scope.READ_SUITES), this::get)
                .add("PATCH", WORKFLOW, Guard.scope(Scope.WRITE_SUITES), this::update)
                .add("DELETE", WORKFLOW, Guard.scope(Scope.WRITE_SUITES), this::delete)
                .add("GET", WORKFLOW + "/events", Guard.scope(Scope.READ_SUITES), this::events);
    }

    private Reply list(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        return call.page(
                storage.workflows().list(suite.id(), call.pageRequest()).map(w -> view(call, suite, w, null)));
    }

    private Reply create(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Workflows.Created created = workflows.create(suite, WorkflowSpec.read(call.jsonBody(), null));
        return Reply.created(view(call, suite, created.workflow(), created.secret()));
    }

    private Reply get(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Workflow workflow = workflow(call, suite);
        String secret = null;
        if (call.flag("show_webhook_secret")) {
            // The secret signs what the server sends as this workflow: showing it takes write access.
            if (!call.token().allows(Scope.WRITE_SUITES)) {
                throw new ApiException(
                        403, "Your access token doesn't have the write_suites scope, which show_webhook_secret needs");
            }
            secret = workflows.secret(workflow.id());
        }
        return Reply.ok(view(call, suite, workflow, secret));
    }

    private Reply update(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Workflow current = workflow(call, suite);
        Workflow updated = workflows.update(current, WorkflowSpec.read(call.jsonBody(), current.spec()));
        return Reply.ok(view(call, suite, updated, null));
    }

    private Reply delete(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        workflows.delete(suite, call.path("workflow"));
        return Reply.noContent();
    }

    private Reply events(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Workflow workflow = workflow(call, suite);
        var page = storage.workflows().events(workflow.id(), call.pageRequest());
        List<UUID> ids = new ArrayList<>();
        page.items().forEach(e -> ids.add(e.id()));
        Map<UUID, WorkflowStore.DeliveryStatus> deliveries = storage.workflows().deliveries(ids);
        String org = call.organization().slug();
        return call.page(page.map(e -> eventView(e, deliveries, org, suite.slug(), urls)));
    }

    private Workflow workflow(Call call, Suite suite) {
        return workflows.find(suite, call.path("workflow"));
    }

    private Map<String, Object> view(Call call, Suite suite, Workflow w, String secret) {
        String org = call.organization().slug();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", w.id().toString());
        view.put("url", urls.workflow(org, suite.slug(), w.id()));
        view.put("web_url", urls.workflowWeb(org, suite.slug(), w.id()));
        view.putAll(w.spec().view());
        view.put("created_at", Timestamps.format(w.createdAt()));
        view.put("updated_at", Timestamps.format(w.updatedAt()));
        if (secret != null) {
            view.put("webhook_secret", secret);
        }
        return view;
    }

    /** An event as the events API and a test's history show it, each delivery with where it stands. */
    static Map<String, Object> eventView(
            WorkflowEvent e, Map<UUID, WorkflowStore.DeliveryStatus> deliveries, String org, String suite, Urls urls) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("id", e.testId().toString());
        test.put("name", e.testName());
        test.put("location", e.testLocation());
        test.put("url", urls.test(org, suite, e.testId()));
        test.put("web_url", urls.testWeb(org, suite, e.testId()));
        List<Map<String, Object>> actions = new ArrayList<>();
        for (WorkflowEvent.ActionResult a : e.actions()) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", a.type());
            action.put("outcome", a.outcome());
            WorkflowStore.DeliveryStatus d = a.deliveryId() == null ? null : deliveries.get(a.deliveryId());
            if (d != null) {
                Map<String, Object> delivery = new LinkedHashMap<>();
                delivery.put("id", d.id().toString());
                delivery.put("state", d.state().wireName());
                delivery.put("attempts", d.attempts());
                delivery.put("last_error", d.lastError());
                delivery.put("delivered_at", d.deliveredAt() == null ? null : Timestamps.format(d.deliveredAt()));
                action.put("delivery", delivery);
            }
            actions.add(action);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id().toString());
        view.put("workflow_id", e.workflowId().toString());
        view.put("type", e.kind().wireName());
        view.put("event", e.kind().eventName());
        view.put("test", test);
        view.put("workflow_event", e.detail());
        view.put("actions", actions);
        view.put("created_at", Timestamps.format(e.at()));
        return view;
    }
}
