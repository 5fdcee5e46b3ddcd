package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ownership.TestOwners;
import org.junit.jupiter.api.Test;

class TestOwnersTest {
    private static final TestOwners OWNERS = TestOwners.parse("""
            # comments and blank lines are ignored

            *                       everyone
            spec/                   backend
            /app/models/            models data
            spec/**/*_system_spec.rb  qa backend
            docs/*.md               @Writers
            """);

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
}
