package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.suites.Slugs;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlugsTest {
    @Test
    void aSlugIsTheNameInLowerCaseWithHyphens() {
        assertThat(Slugs.fromName("My Great Suite")).isEqualTo("my-great-suite");
        assertThat(Slugs.fromName("  RSpec: API / v2  ")).isEqualTo("rspec-api-v2");
        assertThat(Slugs.fromName("Crème Brûlée")).isEqualTo("creme-brulee");
        assertThat(Slugs.fromName("snake_case")).isEqualTo("snake-case");
    }

    @Test
    void aNameWithNothingToKeepStillGetsASlug() {
        assertThat(Slugs.fromName("🍋🍋")).isEqualTo("suite");
    }

    @Test
    void aLongNameIsCutWithoutATrailingHyphen() {
        String slug = Slugs.fromName("a".repeat(99) + " b");
        assertThat(slug).hasSizeLessThanOrEqualTo(100).doesNotEndWith("-");
    }

    @Test
    void theFirstFreeSuffixIsTaken() {
        assertThat(Slugs.firstFree("web", Set.of())).isEqualTo("web");
        assertThat(Slugs.firstFree("web", Set.of("web", "web-2", "web-4"))).isEqualTo("web-3");
    }
}
