package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.Ids;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.SuiteStore;
import dev.verdict.core.suites.Suites;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every store must do, run against each engine by the engine's test class. */
abstract class StorageContract {
    abstract TestServer server();

    Storage storage() {
        return server().server().storage();
    }

    Suites suites() {
        return server().server().suites();
    }

    static SuiteFields fields(String name) {
        return new SuiteFields(name, "main", null, null, null, null);
    }

    @Test
    void ensuringAnOrganizationTwiceGivesTheSameOne() {
        Organization first = storage().access().ensureOrganization("ensure-" + Ids.uuid7());
        Organization again = storage().access().ensureOrganization(first.slug());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void anUnknownOrganizationIsNotFound() {
        assertThat(storage().access().organization("no-such-org-" + Ids.uuid7()))
                .isEmpty();
    }

    @Test
    void anAccessTokenAuthenticatesWithItsScopesAndOrganization() {
        Organization org = server().newOrganization().organization();
        AccessTokens tokens = server().server().accessTokens();
        String text = tokens.create(org, EnumSet.of(Scope.READ_SUITES), Optional.of("for CI"));

        var token = tokens.authenticate(text).orElseThrow();

        assertThat(token.organization()).isEqualTo(org);
        assertThat(token.scopes()).containsExactly(Scope.READ_SUITES);
        assertThat(token.description()).contains("for CI");
    }

    @Test
    void aTokenWithAnAlteredSecretDoesNotAuthenticate() {
        Organization org = server().newOrganization().organization();
        AccessTokens tokens = server().server().accessTokens();
        String text = tokens.create(org, EnumSet.of(Scope.READ_SUITES), Optional.empty());
        char last = text.charAt(text.length() - 1);
        String altered = text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(tokens.authenticate(altered)).isEmpty();
        assertThat(tokens.authenticate("vdt_short")).isEmpty();
        assertThat(tokens.authenticate("not a token at all")).isEmpty();
    }

    @Test
    void aRevokedTokenNoLongerAuthenticates() {
        Organization org = server().newOrganization().organization();
        AccessTokens tokens = server().server().accessTokens();
        String text = tokens.create(org, EnumSet.of(Scope.READ_SUITES), Optional.empty());
        var token = tokens.authenticate(text).orElseThrow();

        storage().access().revokeToken(token.id());

        assertThat(tokens.authenticate(text)).isEmpty();
    }

    @Test
    void noSecretIsStoredInClear() throws SQLException {
        var org = server().newOrganization();
        String accessToken = org.token(Scope.READ_SUITES);
        Suites.Created suite = suites().create(org.organization(), fields("Secretive"));

        List<String> stored = dumpTables("access_tokens", "suites");

        assertThat(stored).isNotEmpty();
        String accessSecret = accessToken.substring(accessToken.length() - 43);
        String uploadSecret = suite.uploadToken().substring(suite.uploadToken().length() - 43);
        assertThat(stored).noneMatch(value -> value.contains(accessSecret) || value.contains(uploadSecret));
    }

    @Test
    void aSuiteIsFoundOnlyInItsOwnOrganization() {
        Organization mine = server().newOrganization().organization();
        Organization theirs = server().newOrganization().organization();
        Suite suite = suites().create(mine, fields("Private")).suite();

        assertThat(storage().suites().find(mine.id(), suite.slug())).contains(suite);
        assertThat(storage().suites().find(theirs.id(), suite.slug())).isEmpty();
        assertThat(storage().suites().list(theirs.id(), new PageRequest(1, 30)).items())
                .isEmpty();
    }

    @Test
    void suitesListInNameOrderPageByPage() {
        Organization org = server().newOrganization().organization();
        for (String name : List.of("Delta", "alpha", "Charlie", "Bravo", "Echo")) {
            suites().create(org, fields(name));
        }

        Page<Suite> first = storage().suites().list(org.id(), new PageRequest(1, 2));
        Page<Suite> last = storage().suites().list(org.id(), new PageRequest(3, 2));

        assertThat(first.items()).extracting(Suite::slug).containsExactly("bravo", "charlie");
        assertThat(first.hasNext()).isTrue();
        assertThat(first.lastPage()).hasValue(3);
        assertThat(last.items()).extracting(Suite::slug).containsExactly("alpha");
        assertThat(last.hasNext()).isFalse();
    }

    @Test
    void aSlugTakenInTheOrganizationGetsTheNextFreeSuffix() {
        Organization org = server().newOrganization().organization();
        Organization other = server().newOrganization().organization();

        String first = suites().create(org, fields("Web App")).suite().slug();
        String second = suites().create(org, fields("web-app")).suite().slug();
        String third = suites().create(org, fields("Web  App!")).suite().slug();
        String elsewhere = suites().create(other, fields("Web App")).suite().slug();

        assertThat(List.of(first, second, third, elsewhere))
                .containsExactly("web-app", "web-app-2", "web-app-3", "web-app");
    }

    @Test
    void insertingATakenSlugIsRefused() {
        Organization org = server().newOrganization().organization();
        Suite existing = suites().create(org, fields("Taken")).suite();
        Suite copy = new Suite(Ids.uuid7(), org.id(), existing.slug(), existing.fields(), Instant.now());

        assertThatThrownBy(() -> storage()
                        .suites()
                        .insert(copy, new SuiteStore.UploadToken(Ids.uuid7(), new byte[32], "x"), java.util.List.of()))
                .isInstanceOf(SuiteStore.SlugTaken.class);
    }

    @Test
    void concurrentCreatesOfOneNameAllGetDistinctSlugs() throws Exception {
        Organization org = server().newOrganization().organization();
        int writers = 6;
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            creates.add(() -> suites().create(org, fields("Racy")).suite().slug());
        }
        List<String> slugs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<String> slug : pool.invokeAll(creates)) {
                slugs.add(slug.get());
            }
        }

        assertThat(slugs).doesNotHaveDuplicates().hasSize(writers);
        assertThat(storage().suites().list(org.id(), new PageRequest(1, 100)).items())
                .hasSize(writers);
    }

    @Test
    void anUpdateKeepsIdentityAndCreationTime() {
        Organization org = server().newOrganization().organization();
        Suite suite = suites().create(org, fields("Before")).suite();

        Suite updated =
                suites().update(org, suite, new SuiteFields("After", "trunk", "app", "#ABCDEF", ":lemon:", "[]"));

        Suite stored = storage().suites().find(org.id(), "after").orElseThrow();
        assertThat(stored).isEqualTo(updated);
        assertThat(stored.id()).isEqualTo(suite.id());
        assertThat(stored.createdAt()).isEqualTo(suite.createdAt());
        assertThat(stored.fields().defaultBranch()).isEqualTo("trunk");
        assertThat(storage().suites().find(org.id(), "before")).isEmpty();
    }

    @Test
    void aDeletedSuiteIsGone() {
        Organization org = server().newOrganization().organization();
        Suite suite = suites().create(org, fields("Doomed")).suite();

        storage().suites().delete(suite);

        assertThat(storage().suites().find(org.id(), suite.slug())).isEmpty();
    }

    @Test
    void aSuiteUploadTokenAuthenticatesItsSuiteAndCanBeShownAgain() {
        Organization org = server().newOrganization().organization();
        Suites.Created created = suites().create(org, fields("Uploads"));

        assertThat(suites().authenticateUpload(created.uploadToken())).contains(created.suite());
        assertThat(suites().revealUploadToken(created.suite())).isEqualTo(created.uploadToken());
        assertThat(suites().authenticateUpload(created.uploadToken() + "x")).isEmpty();
    }

    @Test
    void aRotatedUploadTokenReplacesTheOldOne() {
        Organization org = server().newOrganization().organization();
        Suites.Created created = suites().create(org, fields("Rotated"));

        String rotated = suites().rotateUploadToken(created.suite());

        assertThat(storage().suites().holdsSealedUploadTokens()).isTrue();
        assertThat(rotated).isNotEqualTo(created.uploadToken());
        assertThat(suites().authenticateUpload(rotated)).contains(created.suite());
        assertThat(suites().authenticateUpload(created.uploadToken())).isEmpty();
        assertThat(suites().revealUploadToken(created.suite())).isEqualTo(rotated);
    }

    @Test
    void theStoreAnswersItsHealthCheck() {
        assertThat(storage().check().ok()).isTrue();
    }

    @Test
    void migratingAgainChangesNothing() {
        storage().migrate();
        assertThat(storage().check().ok()).isTrue();
    }

    private List<String> dumpTables(String... tables) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(server().database().jdbcUrl());
                Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] raw = rs.getBytes(i);
                            if (raw != null) {
                                values.add(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1));
                            }
                        }
                    }
                }
            }
        }
        return values;
    }
}
