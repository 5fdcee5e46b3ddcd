package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ownership.TestOwners;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TestOwnersTest {
    private static final TestOwners OWNERS = TestOwners.parse("""
            # comments and blank lines are ignored

            *                       everyone
            spec/                   backend
            /app/models/            models data
            spec/**/*_system_spec.rb  qa backend
            docs/*.md               @Writers
            """);

    private static final String HOSTILE = "**/*a*a*a*a*a*a*a*a*c";

    @Test
    void theLastMatchingLineWinsWithItsDefaultOwnerFirst() {
        assertThat(OWNERS.size()).isEqualTo(5);
        assertThat(OWNERS.owners("./spec/models/user_spec.rb:42")).containsExactly("backend");
        assertThat(OWNERS.owners("spec/features/login_system_spec.rb")).containsExactly("qa", "backend");
        assertThat(OWNERS.owners("app/models/user.rb")).containsExactly("models", "data");
        assertThat(OWNERS.owners("lib/app/models/user.rb")).containsExactly("everyone");
        assertThat(OWNERS.owners("docs/guide.md")).containsExactly("writers");
        assertThat(OWNERS.owners("docs/deep/guide.md")).containsExactly("everyone");
        assertThat(OWNERS.owners("/spec/a_spec.rb:1:5")).containsExactly("backend");
        assertThat(OWNERS.owners(null)).isEmpty();
        assertThat(OWNERS.owners("")).isEmpty();
    }

    @Test
    void withoutACatchAllSomeTestsHaveNoOwner() {
        assertThat(TestOwners.parse("spec/ backend\n").owners("src/app.test.js"))
                .isEmpty();
    }

    @Test
    void everyBadLineIsNamed() {
        assertThatThrownBy(() -> TestOwners.parse("ok/ team\nlonely/\n!negated/ team\nx/ Bad!Team\n"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("line 3")
                .hasMessageContaining("line 4")
                .hasMessageNotContaining("line 1:");
    }

    /** Each pattern, then paths it matches, then (after "|") paths it does not. */
    private static void matches(String pattern, String... paths) {
        TestOwners owners = TestOwners.parse(pattern + " team\n");
        boolean expected = true;
        for (String path : paths) {
            if (path.equals("|")) {
                expected = false;
                continue;
            }
            assertThat(owners.owners(path))
                    .as("%s against %s", pattern, path)
                    .isEqualTo(expected ? List.of("team") : List.of());
        }
    }

    @Test
    void patternsWithoutASlashMatchANameAtAnyDepth() {
        matches("spec", "spec", "spec/a.rb", "x/spec/a.rb", "|", "specs/a.rb", "x/aspec");
        matches("*.rb", "a.rb", "x/y/a.rb", "a.rb/z", "|", "a.rbx", "arb");
        matches("*", "a", "a/b/c");
        matches("a?c", "abc", "x/abc", "|", "ac", "a/c", "abbc");
    }

    @Test
    void aSlashAnchorsThePatternAtTheRoot() {
        matches("/a", "a", "a/b", "|", "x/a");
        matches("a/b", "a/b", "a/b/c", "|", "x/a/b", "a/bc");
        matches("a/*", "a/b", "a/b/c", "|", "a", "x/a/b");
        matches("docs/*.md", "docs/guide.md", "|", "docs/deep/guide.md");
    }

    @Test
    void aTrailingSlashMatchesDirectoriesOnly() {
        matches("spec/", "spec/a.rb", "x/spec/a", "|", "spec", "x/spec");
        matches("a/*/", "a/b/c", "|", "a/b");
        matches("*/", "a/b", "|", "a");
    }

    @Test
    void doubleStarsSpanDirectories() {
        matches("**/a", "a", "x/y/a", "x/a/b", "|", "xa");
        matches("a/**", "a/b", "a/b/c", "|", "a", "ab/c");
        matches("a/**/b", "a/b", "a/x/b", "a/x/y/b", "a/x/b/c", "|", "a/xb", "b");
        matches("x/**/", "x/y/z", "|", "x/y", "x");
        matches("**/", "a/b", "|", "a");
        matches("/**", "a", "a/b");
        // Other runs of stars are one star: they stop at a slash.
        matches("a/***/b", "a/x/b", "|", "a/b", "a/x/y/b");
        matches("a**b", "axb", "ab", "|", "ax/b");
        matches("a/**b", "a/xb", "|", "a/x/b");
    }

    @Test
    void characterClassesAndEscapes() {
        matches("[ab]x", "ax", "bx", "|", "cx", "x");
        matches("[a-c]x", "bx", "|", "dx");
        matches("[!ab]x", "cx", "|", "ax", "/x");
        matches("[^ab]x", "cx", "|", "bx");
        matches("[]]", "]", "|", "a");
        matches("[]a]", "a", "]");
        matches("[a-]", "-", "a", "|", "b");
        matches("[[:digit:]]x", "1x", "|", "ax");
        matches("[[:upper:]]", "A", "|", "a");
        matches("\\*", "*", "|", "a");
        matches("\\#x", "#x", "|", "x");
        matches("\\!x", "!x");
        matches("a\\ b", "a b", "|", "a", "b");
        matches("\\[x]", "[x]", "|", "x");
        matches("é?", "éa", "x/éa", "|", "é");
    }

    @Test
    void matchingIsCaseSensitive() {
        matches("Spec/", "Spec/a", "|", "spec/a");
    }

    @Test
    @Timeout(5)
    void aPatternWithManyStarsMatchesInLinearTime() {
        TestOwners owners = TestOwners.parse(HOSTILE + " team\n");
        // Forty characters that almost match: a backtracking matcher tries every way to spread the
        // a's among the stars (over a minute for JGit's).
        long start = System.nanoTime();
        assertThat(owners.owners("c" + "a".repeat(39))).isEmpty();
        assertThat(owners.owners("x/" + "a".repeat(38) + "b")).isEmpty();
        assertThat(owners.owners("dir/" + "a".repeat(39) + "c")).containsExactly("team");
        assertThat(owners.owners("a".repeat(20) + "c" + "a".repeat(19))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void aPatternMayHaveSixteenWildcardsAndALineAThousandCharacters() {
        assertThat(TestOwners.parse("*a".repeat(16) + " team\n").size()).isEqualTo(1);
        assertThat(TestOwners.parse("**/" + "*a".repeat(15) + " team\n").size()).isEqualTo(1);
        assertThatThrownBy(() -> TestOwners.parse("ok/ team\n" + "*a".repeat(17) + " team\n"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 2: '*a*a")
                .hasMessageContaining("17 wildcards")
                .hasMessageContaining("at most 16");
        assertThat(TestOwners.parse("a".repeat(1019) + " team").size()).isEqualTo(1);
        assertThatThrownBy(() -> TestOwners.parse("\n" + "a".repeat(1020) + " team"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 2: is 1025 characters long; a line may have at most 1024");
        assertThat(TestOwners.parse("# " + "long comment ".repeat(100)).size()).isZero();
    }

    @Test
    void patternsThatCannotBeReadAreNamed() {
        assertThatThrownBy(() -> TestOwners.parse(
                        "a[b team\nx\\\n[z-a] team\n[a/b] team\n[[:nope:]] team\n" + "a//b team\n/ team\n"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 1: 'a[b' has a '[' without its closing ']'")
                .hasMessageContaining("line 2: 'x\\' ends with a lone '\\'")
                .hasMessageContaining("line 3: '[z-a]' has the reversed range 'z-a'")
                .hasMessageContaining("line 4: '[a/b]' has '/' inside")
                .hasMessageContaining("line 5: '[[:nope:]]' has '[:nope:]', which is not a character class")
                .hasMessageContaining("line 6: 'a//b' has an empty path segment")
                .hasMessageContaining("line 7: '/' names nothing");
    }

    @Test
    void aCommentMayFollowTheTeams() {
        TestOwners owners = TestOwners.parse("src/cart/ @payments checkout # the cart team, @not-a-team\n");

        assertThat(owners.owners("src/cart/total.test.js")).containsExactly("payments", "checkout");
        assertThatThrownBy(() -> TestOwners.parse("src/cart/ # nobody yet\n"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 1: 'src/cart/' has no team");
    }

    @Test
    void aTeamIsWrittenWithOrWithoutItsAt() {
        assertThat(TestOwners.team("@Payments")).isEqualTo("payments");
        assertThat(TestOwners.team("payments")).isEqualTo("payments");
    }

    @Test
    void matchingPastItsBudgetNamesTheLineItWasMatching() {
        TestOwners owners = TestOwners.parse("spec/ backend\nslow/ qa\nlib/ core\n");
        AtomicLong clock = new AtomicLong();
        TestOwners.Matching matching = owners.matching(Duration.ofSeconds(10), clock::get);

        assertThat(matching.owners("spec/a_spec.rb")).containsExactly("backend");
        clock.set(Duration.ofSeconds(11).toNanos());
        assertThatThrownBy(() -> matching.owners("spec/b_spec.rb"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 3: matching the suite's tests took longer than 10 s")
                .hasMessageContaining("'lib/' against 'spec/b_spec.rb'");
    }
}
