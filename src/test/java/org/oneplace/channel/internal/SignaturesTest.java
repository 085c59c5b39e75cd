package org.oneplace.channel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known-answer vectors of RELIABILITY §4.10 for the schemes channels verify. */
class SignaturesTest {

    @Test
    void metaXHubSignature256() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";
        assertThat("sha256=" + Signatures.hmacSha256Hex("test_app_secret", body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756");
    }

    @Test
    void widgetIdentityHmac() {
        assertThat(Signatures.hmacSha256Hex("hmac_token_example", "user-42".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("cd78c879d649bdbd9f62a952cd2576234ebae33eb856ce1c6380029509914da9");
    }

    @Test
    void emptyOrMissingValuesNeverMatch() {
        assertThat(Signatures.same("", "")).isFalse();
        assertThat(Signatures.same(null, null)).isFalse();
        assertThat(Signatures.same("token", "")).isFalse();
        assertThat(Signatures.same("token", "token")).isTrue();
        assertThat(Signatures.same("token", "Token")).isFalse();
    }
}
