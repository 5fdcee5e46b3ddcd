package dev.verdict.server.web;

import dev.verdict.core.paging.Page;
import dev.verdict.core.plans.PlanRecord;
import dev.verdict.core.plans.TestPlans;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import java.util.List;

/** A suite's test plans, newest first: how long each build's nodes were planned to take, and took. */
public final class PlanPages {
    private final WebApp app;
    private final Storage storage;
    private final TestPlans plans;

    /** One plan as the page shows it: durations in seconds, for {@link Format#duration}. */
    public record PlanRow(PlanRecord plan) {
        public Double predicted() {
            return plan.predictedMakespan() / 1000.0;
        }

        public Double actual() {
            return plan.actualMakespan().map(ms -> ms / 1000.0).orElse(null);
        }

        /** "+12.0%" slower than planned, "−3.5%" faster; empty until a node reports. */
        public String error() {
            return plan.makespanError()
                    .map(e -> (e >= 0 ? "+" : "−") + Format.percent(Math.abs(e)))
                    .orElse("");
        }

        /** The node the build waited for, with its plan and what it took. */
        public String worst() {
            if (plan.worstNode().isEmpty()) {
                return "";
            }
            int n = plan.worstNode().getAsInt();
            return "node " + n + ": " + Format.duration(plan.actual().get(n) / 1000.0) + " (planned "
                    + Format.duration(plan.predicted().get(n) / 1000.0) + ")";
        }
    }

    public record PlansModel(Chrome chrome, List<PlanRow> plans, Paging paging) {}

    PlanPages(WebApp app, Storage storage) {
        this.app = app;
        this.storage = storage;
        this.plans = new TestPlans(storage.plans(), storage.tests());
    }

    void routes() {
        app.add("GET", "/organizations/{org}/analytics/suites/{suite}/test-plans", WebApp.Access.READ, this::list);
    }

    private WebReply list(WebCall call) {
        Suite suite = call.suite(storage);
        Page<PlanRecord> page = plans.history(suite, java.util.Optional.empty(), call.pageRequest(30));
        PlansModel model = new PlansModel(
                call.chrome("Test plans · " + suite.name(), suite, "plans"),
                page.items().stream().map(PlanRow::new).toList(),
                Paging.of(page, call.pathAndQuery()));
        return WebReply.page(app.templates().render("plans.jte", model));
    }
}
