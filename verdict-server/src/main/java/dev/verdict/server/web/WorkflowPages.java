package dev.verdict.server.web;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.Validation;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.core.workflows.WorkflowEvent;
import dev.verdict.core.workflows.WorkflowSpec;
import dev.verdict.core.workflows.WorkflowStore;
import dev.verdict.core.workflows.Workflows;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A suite's workflows: the list with each one's last event and the deliveries not yet taken, a
 * workflow's events, and forms to create, change and delete them. A workflow is written as the
 * API's JSON body, so the page and the API keep one set of rules ({@link WorkflowSpec#read}).
 */
public final class WorkflowPages {
    private static final String EXAMPLE = """
            {
              "name": "Quarantine flaky tests on main",
              "monitor": {"type": "transition_count", "window_size": 20, "alarm_threshold": 0.25, "recover_threshold": 0.1},
              "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
              "alarm_actions": [{"type": "add_label", "label": "unstable"}, {"type": "change_state", "state": "muted"}],
              "recover_actions": [{"type": "remove_label", "label": "unstable"}, {"type": "change_state", "state": "enabled"}]
            }""";

    private final WebApp app;
    private final Storage storage;
    private final Workflows workflows;

    /** A workflow in the list: what it watches, what it does, and what it last did. */
    public record WorkflowRow(Workflow workflow, String path, WorkflowEvent lastEvent) {
        public String monitor() {
            return workflow.spec().monitor().type().wireName().replace('_', ' ');
        }

        public String filters() {
            return workflow.spec().filters().isEmpty()
                    ? "every execution"
                    : String.join(
                            ", ",
                            workflow.spec().filters().stream()
                                    .map(f -> f.key() + " "
                                            + f.operator().wireName().replace('_', ' ') + " " + f.value())
                                    .toList());
        }

        public String actions() {
            List<String> all = new ArrayList<>();
            workflow.spec()
                    .alarmActions()
                    .forEach(a -> all.add("alarm: " + a.type().wireName().replace('_', ' ')));
            workflow.spec()
                    .recoverActions()
                    .forEach(a -> all.add("recover: " + a.type().wireName().replace('_', ' ')));
            return all.isEmpty() ? "none" : String.join(", ", all);
        }
    }

    public record ListModel(
            Chrome chrome,
            List<WorkflowRow> workflows,
            List<WorkflowStore.DeliveryStatus> undelivered,
            boolean mayWrite,
            String definition,
            String problem,
            String path) {}

    public record WorkflowModel(
            Chrome chrome,
            Workflow workflow,
            String json,
            List<WorkflowEvent> events,
            Map<UUID, WorkflowStore.DeliveryStatus> deliveries,
            Paging paging,
            boolean mayWrite,
            String problem,
            String path,
            String org,
            String suite) {
        public String testPath(UUID test) {
            return WebPaths.test(org, suite, test);
        }

        /** Where an action's delivery stands, or its outcome when it sent nothing. */
        public String outcome(WorkflowEvent.ActionResult a) {
            WorkflowStore.DeliveryStatus d = a.deliveryId() == null ? null : deliveries.get(a.deliveryId());
            if (d == null) {
                return a.outcome();
            }
            return d.state().wireName() + " after " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts")
                    + (d.lastError() == null ? "" : " (" + d.lastError() + ")");
        }
    }

    WorkflowPages(WebApp app, Storage storage, Workflows workflows) {
        this.app = app;
        this.storage = storage;
        this.workflows = workflows;
    }

    void routes() {
        String list = "/organizations/{org}/analytics/suites/{suite}/workflows";
        app.add("GET", list, WebApp.Access.READ, call -> list(call, EXAMPLE, null, 200))
                .add("POST", list, WebApp.Access.WRITE, this::create)
                .add("GET", list + "/{workflow}", WebApp.Access.READ, call -> workflow(call, null, null, 200))
                .add("POST", list + "/{workflow}", WebApp.Access.WRITE, this::update)
                .add("POST", list + "/{workflow}/delete", WebApp.Access.WRITE, this::delete);
    }

    private WebReply list(WebCall call, String definition, String problem, int status) {
        Suite suite = call.suite(storage);
        String org = call.organization().slug();
        WorkflowStore store = storage.workflows();
        List<WorkflowRow> rows = new ArrayList<>();
        for (Workflow w : store.list(suite.id(), new PageRequest(1, 100)).items()) {
            List<WorkflowEvent> last =
                    store.events(w.id(), new PageRequest(1, 1)).items();
            rows.add(new WorkflowRow(
                    w, WebPaths.workflow(org, suite.slug(), w.id()), last.isEmpty() ? null : last.getFirst()));
        }
        ListModel model = new ListModel(
                call.chrome("Workflows · " + suite.name(), suite, "workflows"),
                rows,
                store.undelivered(suite.id(), 20),
                call.mayWrite(),
                definition,
                problem,
                WebPaths.workflows(org, suite.slug()));
        return WebReply.status(status, app.templates().render("workflows.jte", model));
    }

    private WebReply create(WebCall call) {
        Suite suite = call.suite(storage);
        String definition = call.form("definition").orElse("");
        try {
            Workflows.Created created = workflows.create(suite, WorkflowSpec.read(json(definition), null));
            return WebReply.redirect(WebPaths.workflow(
                    call.organization().slug(), suite.slug(), created.workflow().id()));
        } catch (Validation | BadRequest e) {
            return list(call, definition, e.getMessage(), 422);
        }
    }

    private WebReply workflow(WebCall call, String definition, String problem, int status) {
        Suite suite = call.suite(storage);
        Workflow workflow = find(call, suite);
        String org = call.organization().slug();
        Page<WorkflowEvent> page = storage.workflows().events(workflow.id(), call.pageRequest(50));
        List<UUID> ids = page.items().stream().map(WorkflowEvent::id).toList();
        WorkflowModel model = new WorkflowModel(
                call.chrome(workflow.spec().name() + " · " + suite.name(), suite, "workflows"),
                workflow,
                definition != null ? definition : pretty(workflow.spec()),
                page.items(),
                storage.workflows().deliveries(ids),
                Paging.of(page, call.pathAndQuery()),
                call.mayWrite(),
                problem,
                WebPaths.workflow(org, suite.slug(), workflow.id()),
                org,
                suite.slug());
        return WebReply.status(status, app.templates().render("workflow.jte", model));
    }

    private WebReply update(WebCall call) {
        Suite suite = call.suite(storage);
        Workflow current = find(call, suite);
        String definition = call.form("definition").orElse("");
        try {
            workflows.update(current, WorkflowSpec.read(json(definition), current.spec()));
            return WebReply.redirect(WebPaths.workflow(call.organization().slug(), suite.slug(), current.id()));
        } catch (Validation | BadRequest e) {
            return workflow(call, definition, e.getMessage(), 422);
        }
    }

    private WebReply delete(WebCall call) {
        Suite suite = call.suite(storage);
        workflows.delete(suite, call.path("workflow"));
        return WebReply.redirect(WebPaths.workflows(call.organization().slug(), suite.slug()));
    }

    private Workflow find(WebCall call, Suite suite) {
        return workflows.find(suite, call.path("workflow"));
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return Json.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String pretty(WorkflowSpec spec) {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec.view());
    }
}
