package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.suites.SecretBox;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    @Test
    void whatIsSealedOpensUnderTheSameKeyOnly() {
        byte[] key = SecretBox.newKey();
        String sealed = new SecretBox(key).seal("vds_secret");

        assertThat(sealed).doesNotContain("secret");
        assertThat(new SecretBox(key).open(sealed)).isEqualTo("vds_secret");
        assertThatThrownBy(() -> new SecretBox(SecretBox.newKey()).open(sealed))
                .isInstanceOf(SecretBox.Unsealable.class);
    }

    @Test
    void sealingTwiceGivesDifferentText() {
        SecretBox box = new SecretBox(SecretBox.newKey());
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void tamperedTextDoesNotOpen() {
        SecretBox box = new SecretBox(SecretBox.newKey());
        String sealed = box.seal("value");
        String tampered = (sealed.charAt(20) == 'A' ? "B" : "A");
        String changed = sealed.substring(0, 20) + tampered + sealed.substring(21);

        assertThatThrownBy(() -> box.open(changed)).isInstanceOf(SecretBox.Unsealable.class);
        assertThatThrownBy(() -> box.open("not base64 !")).isInstanceOf(SecretBox.Unsealable.class);
    }
}
