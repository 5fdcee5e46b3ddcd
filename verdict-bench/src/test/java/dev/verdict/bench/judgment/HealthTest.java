package dev.verdict.bench.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HealthTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Health of(String json) {
        return Health.of(JSON.readTree(json));
    }

    @Test
    void theHealthFieldSaysIt() {
        assertThat(of("{\"health\":\"broken\",\"labels\":[\"flaky\"]}")).isEqualTo(Health.BROKEN);
        assertThat(of("{\"health\":\"new\",\"labels\":[]}")).isEqualTo(Health.NEW);
    }

    @Test
    void withoutItTheFlakyLabelDoes() {
        assertThat(of("{\"labels\":[\"slow\",\"flaky\"]}")).isEqualTo(Health.FLAKY);
        assertThat(of("{\"labels\":[\"slow\"]}")).isEqualTo(Health.HEALTHY);
        assertThat(of("{\"health\":null,\"labels\":[]}")).isEqualTo(Health.HEALTHY);
    }

    @Test
    void anUnknownHealthIsAnError() {
        assertThatThrownBy(() -> of("{\"health\":\"wobbly\"}")).hasMessageContaining("wobbly");
    }
}
