package io.presenced.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsIdTimestampAndBodyWithTheDecodedSecret() {
        // HMAC-SHA256 with key "key" (base64 a2V5) of "msg_1.1700000000.{}", computed independently with openssl.
        WebhookSignature s = new WebhookSignature("whsec_a2V5");
        assertThat(s.sign("msg_1", 1700000000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1," + OPENSSL_VECTOR);
        assertThat(new WebhookSignature("key").sign("msg_1", 1700000000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1," + OPENSSL_VECTOR);
    }

    private static final String OPENSSL_VECTOR = "XaXLFEFQ69Q4+demDWPEv5ydXczDW2mM5crCUEFcFBA=";
}
