package dev.verdict.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadClientTest {
    @Test
    void aServersAddressOrItsUploadUrlBothWork() {
        assertThat(UploadClient.endpoint("https://verdict.example.com").toString())
                .isEqualTo("https://verdict.example.com/v1/uploads");
        assertThat(UploadClient.endpoint("https://verdict.example.com/").toString())
                .isEqualTo("https://verdict.example.com/v1/uploads");
        assertThat(UploadClient.endpoint("http://ci-host:8080/v1").toString())
                .isEqualTo("http://ci-host:8080/v1/uploads");
        assertThat(UploadClient.endpoint("http://ci-host:8080/v1/uploads").toString())
                .isEqualTo("http://ci-host:8080/v1/uploads");
    }

    @Test
    void anAddressWithoutASchemeIsHttp() {
        assertThat(UploadClient.endpoint("verdict:8080").toString()).isEqualTo("http://verdict:8080/v1/uploads");
        assertThat(UploadClient.endpoint("10.0.0.5:8080/v1/uploads").toString())
                .isEqualTo("http://10.0.0.5:8080/v1/uploads");
        assertThat(UploadClient.endpoint("verdict.internal").toString())
                .isEqualTo("http://verdict.internal/v1/uploads");
    }
}
