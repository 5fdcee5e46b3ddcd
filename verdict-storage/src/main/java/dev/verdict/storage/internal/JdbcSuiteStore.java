package dev.verdict.storage.internal;

import dev.verdict.core.Credential;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.SuiteStore;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

public final class JdbcSuiteStore implements SuiteStore {
    private static final String COLUMNS = "id, organization_id, slug, name, default_branch, application_name, color,"
            + " emoji, oidc_policy, created_at";
    private static final String SLUG_CONSTRAINT = "suites_slug_unique";

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;

    public JdbcSuiteStore(Jdbi jdbi, Writer writer, Dialect dialect) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
    }

    @Override
    public Page<Suite> list(UUID organizationId, PageRequest page) {
        // Two plain reads, not a transaction: on SQLite every transaction here takes the write lock.
        return jdbi.withHandle(h -> {
            List<Suite> fetched = h.createQuery("SELECT " + COLUMNS + " FROM suites WHERE organization_id = :org"
                            + " ORDER BY name, id LIMIT :limit OFFSET :offset")
                    .bind("org", organizationId.toString())
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> suite(rs))
                    .list();
            long total = h.createQuery("SELECT count(*) FROM suites WHERE organization_id = :org")
                    .bind("org", organizationId.toString())
                    .mapTo(Long.class)
                    .one();
            return Page.fromFetched(page, fetched, OptionalLong.of(total));
        });
    }

    @Override
    public Optional<Suite> find(UUID organizationId, String slug) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM suites WHERE organization_id = :org AND slug = :slug")
                        .bind("org", organizationId.toString())
                        .bind("slug", slug)
                        .map((rs, ctx) -> suite(rs))
                        .findOne());
    }

    @Override
    public Set<String> slugsLike(UUID organizationId, String base) {
        // LIKE only narrows the rows; the exact prefix test is done here because LIKE's wildcards and
        // case rules differ between the engines.
        List<String> slugs = jdbi.withHandle(h -> h.createQuery(
                        "SELECT slug FROM suites WHERE organization_id = :org AND (slug = :base OR slug LIKE :prefix)")
                .bind("org", organizationId.toString())
                .bind("base", base)
                .bind("prefix", base + "-%")
                .mapTo(String.class)
                .list());
        Set<String> taken = new HashSet<>();
        for (String slug : slugs) {
            if (slug.equals(base) || slug.startsWith(base + "-")) {
                taken.add(slug);
            }
        }
        return taken;
    }

    @Override
    public void insert(Suite suite, UploadToken token, List<Workflow> workflows) {
        translateSlugConflict(
                suite.slug(),
                () -> writer.useTransaction(h -> {
                    bindFields(
                                    h.createUpdate(
                                            "INSERT INTO suites (id, organization_id, slug, name, default_branch,"
                                                    + " application_name, color, emoji, oidc_policy, upload_token_id, upload_token_hash,"
                                                    + " upload_token_sealed, created_at, updated_at) VALUES (:id, :org, :slug, :name,"
                                                    + " :default_branch, :application_name, :color, :emoji, :oidc_policy, :token_id,"
                                                    + " :token_hash, :token_sealed, :created, :created)"),
                                    suite)
                            .bind("token_id", token.id().toString())
                            .bind("token_hash", token.secretHash())
                            .bind("token_sealed", token.sealed())
                            .bind("created", suite.createdAt().toEpochMilli())
                            .execute();
                    workflows.forEach(w -> JdbcWorkflowStore.insert(h, w));
                }));
    }

    @Override
    public void update(Suite suite) {
        translateSlugConflict(
                suite.slug(),
                () -> writer.useTransaction(h -> bindFields(
                                h.createUpdate(
                                        "UPDATE suites SET slug = :slug, name = :name, default_branch = :default_branch,"
                                                + " application_name = :application_name, color = :color, emoji = :emoji,"
                                                + " oidc_policy = :oidc_policy, updated_at = :now WHERE id = :id AND organization_id = :org"),
                                suite)
                        .bind("now", System.currentTimeMillis())
                        .execute()));
    }

    @Override
    public void delete(Suite suite) {
        writer.useTransaction(h -> {
            // Executions carry no foreign keys (they cost every insert), so they go first, by hand;
            // everything else under the suite goes with it by ON DELETE CASCADE.
            h.createUpdate("DELETE FROM executions WHERE run_id IN (SELECT id FROM runs WHERE suite_id = :id)")
                    .bind("id", suite.id().toString())
                    .execute();
            h.createUpdate("DELETE FROM suites WHERE id = :id AND organization_id = :org")
                    .bind("id", suite.id().toString())
                    .bind("org", suite.organizationId().toString())
                    .execute();
        });
    }

    @Override
    public Optional<String> sealedUploadToken(UUID suiteId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT upload_token_sealed FROM suites WHERE id = :id")
                .bind("id", suiteId.toString())
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public boolean holdsSealedUploadTokens() {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM suites WHERE upload_token_sealed IS NOT NULL LIMIT 1")
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public void replaceUploadToken(Suite suite, UploadToken token) {
        writer.useTransaction(h -> h.createUpdate("UPDATE suites SET upload_token_id = :token_id,"
                        + " upload_token_hash = :token_hash, upload_token_sealed = :token_sealed, updated_at = :now"
                        + " WHERE id = :id AND organization_id = :org")
                .bind("token_id", token.id().toString())
                .bind("token_hash", token.secretHash())
                .bind("token_sealed", token.sealed())
                .bind("now", System.currentTimeMillis())
                .bind("id", suite.id().toString())
                .bind("org", suite.organizationId().toString())
                .execute());
    }

    @Override
    public Optional<Credential<Suite>> byUploadToken(UUID tokenId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + ", upload_token_hash FROM suites WHERE upload_token_id = :id")
                        .bind("id", tokenId.toString())
                        .map((rs, ctx) -> new Credential<>(suite(rs), rs.getBytes("upload_token_hash")))
                        .findOne());
    }

    private static <S extends SqlStatement<S>> S bindFields(S statement, Suite suite) {
        SuiteFields f = suite.fields();
        return statement
                .bind("id", suite.id().toString())
                .bind("org", suite.organizationId().toString())
                .bind("slug", suite.slug())
                .bind("name", f.name())
                .bind("default_branch", f.defaultBranch())
                .bind("application_name", f.applicationName())
                .bind("color", f.color())
                .bind("emoji", f.emoji())
                .bind("oidc_policy", f.oidcPolicy());
    }

    private void translateSlugConflict(String slug, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (dialect.isUniqueViolation(e, SLUG_CONSTRAINT, "suites.organization_id", "suites.slug")) {
                throw new SlugTaken(slug);
            }
            throw e;
        }
    }

    private static Suite suite(ResultSet rs) throws SQLException {
        return new Suite(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "organization_id"),
                rs.getString("slug"),
                new SuiteFields(
                        rs.getString("name"),
                        rs.getString("default_branch"),
                        rs.getString("application_name"),
                        rs.getString("color"),
                        rs.getString("emoji"),
                        rs.getString("oidc_policy")),
                Rows.instant(rs, "created_at"));
    }
}
