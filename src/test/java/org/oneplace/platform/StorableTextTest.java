package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesCannotBeStored() {
        assertThat(StorableText.problem("fine, 😀")).isEmpty();
        assertThat(StorableText.problem("a\u0000b")).get().asString().contains("NUL");
        assertThat(StorableText.problem("a\ud800")).get().asString().contains("U+D800");
        assertThat(StorableText.problem("\udc00a")).get().asString().contains("U+DC00");
    }

    @Test
    void repairsWhatAProviderSent() {
        assertThat(StorableText.repaired("he\u0000llo \ud800 😀")).isEqualTo("hello \uFFFD 😀");
        assertThat(StorableText.repaired("clean")).isSameAs("clean");
    }

    @Test
    void findsTheFieldByItsJsonPointer() {
        assertThat(StorableText.firstUnstorable(bytes("{\"a\":[1,{\"b\":\"x\\u0000\"}]}")))
                .get()
                .extracting(StorableText.Finding::pointer)
                .isEqualTo("/a/1/b");
        assertThat(StorableText.firstUnstorable(bytes("{\"a\\u0000\":1}")))
                .get()
                .extracting(StorableText.Finding::problem)
                .asString()
                .contains("name of field");
        assertThat(StorableText.firstUnstorable(bytes("[\"\\udfff\"]")))
                .get()
                .extracting(StorableText.Finding::pointer)
                .isEqualTo("/0");
        assertThat(StorableText.firstUnstorable(bytes("{\"a\":\"\\ud83d\\ude00 \\\\u0000\"}")))
                .isEmpty();
        assertThat(StorableText.firstUnstorable(bytes("not json \\u0000"))).isEmpty();
    }

    @Test
    void theByteScanLetsCleanDocumentsThroughWithoutParsing() {
        assertThat(StorableText.mayHoldUnstorable(bytes("{\"name\":\"Zoë 用户 😀\",\"n\":\"\\n\\\"\"}")))
                .isFalse();
        assertThat(StorableText.mayHoldUnstorable(bytes("{\"a\":\"\\u0000\"}"))).isTrue();
        assertThat(StorableText.mayHoldUnstorable(bytes("{\"a\":\"\\uDBFF\"}"))).isTrue();
        assertThat(StorableText.mayHoldUnstorable(bytes("{\"a\":\"\\\\u0000\"}")))
                .isFalse();
        assertThat(StorableText.mayHoldUnstorable(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}))
                .isTrue();
        assertThat(StorableText.mayHoldUnstorable(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
