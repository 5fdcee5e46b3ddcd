package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void anIssuedTokenParsesBackToItsIdAndMatchesItsHash() {
        UUID id = Ids.uuid7();
        Tokens.Issued issued = Tokens.issue(Tokens.Kind.ACCESS, id);

        Tokens.Presented presented =
                Tokens.parse(Tokens.Kind.ACCESS, issued.text()).orElseThrow();

        assertThat(issued.text()).startsWith("vdt_").hasSize(4 + 22 + 43);
        assertThat(presented.id()).isEqualTo(id);
        assertThat(presented.matches(issued.secretHash())).isTrue();
        assertThat(issued.secretHash()).hasSize(32);
    }

    @Test
    void aTokenOfAnotherKindOrShapeDoesNotParse() {
        String suiteToken = Tokens.issue(Tokens.Kind.SUITE, Ids.uuid7()).text();

        assertThat(Tokens.parse(Tokens.Kind.ACCESS, suiteToken)).isEmpty();
        assertThat(Tokens.parse(Tokens.Kind.ACCESS, "vdt_")).isEmpty();
        assertThat(Tokens.parse(Tokens.Kind.ACCESS, "vdt_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"))
                .isEmpty();
        assertThat(Tokens.parse(Tokens.Kind.ACCESS, null)).isEmpty();
    }

    @Test
    void anotherSecretDoesNotMatch() {
        Tokens.Issued one = Tokens.issue(Tokens.Kind.ACCESS, Ids.uuid7());
        Tokens.Issued two = Tokens.issue(Tokens.Kind.ACCESS, Ids.uuid7());

        assertThat(Tokens.parse(Tokens.Kind.ACCESS, one.text()).orElseThrow().matches(two.secretHash()))
                .isFalse();
    }

    @Test
    void uuid7IsVersion7AndTimeOrdered() {
        UUID earlier = Ids.uuid7(1_000_000L);
        UUID later = Ids.uuid7(2_000_000L);

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.toString()).isLessThan(later.toString());
    }
}
