package org.oneplace.channel.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's own known-answer vectors (twilio-java {@code RequestValidatorTest}, RELIABILITY §1.4 and §4.10). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final List<Map.Entry<String, String>> PARAMS = List.of(
            Map.entry("Digits", "1234"),
            Map.entry("CallSid", "CA1234567890ABCDE"),
            Map.entry("To", "+18005551212"),
            Map.entry("Caller", "+14158675309"),
            Map.entry("From", "+14158675309"));

    @Test
    void signsTheUrlAndSortedParametersLikeTwilio() {
        assertThat(TwilioSignature.sign(TOKEN, URL, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(TwilioSignature.valid(TOKEN, URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
    }

    @Test
    void acceptsSignaturesOverEitherSpellingOfThePort() {
        assertThat(TwilioSignature.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
        assertThat(TwilioSignature.valid(TOKEN, URL, PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w="))
                .isTrue();
        assertThat(TwilioSignature.sign(TOKEN, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
        assertThat(TwilioSignature.sign(TOKEN, "http://mycompany.com:80/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("0ZXoZLH/DfblKGATFgpif+LLRf4=");
        assertThat(TwilioSignature.valid(
                        TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", PARAMS, "0ZXoZLH/DfblKGATFgpif+LLRf4="))
                .isTrue();
    }

    @Test
    void jsonBodiesAreSignedThroughTheirHashInTheUrl() {
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        String url = URL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assertThat(TwilioSignature.sign(TOKEN, url, List.of())).isEqualTo("a9nBmqA0ju/hNViExpshrM61xv4=");
        assertThat(TwilioSignature.validJson(TOKEN, url, body, "a9nBmqA0ju/hNViExpshrM61xv4="))
                .isTrue();
        byte[] altered = "{\"property\": \"value\", \"boolean\": false}".getBytes(StandardCharsets.UTF_8);
        assertThat(TwilioSignature.validJson(TOKEN, url, altered, "a9nBmqA0ju/hNViExpshrM61xv4="))
                .isFalse();
    }

    @Test
    void aWrongTokenOrAlteredParameterFails() {
        assertThat(TwilioSignature.valid("54321", URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        List<Map.Entry<String, String>> altered = List.of(
                Map.entry("Digits", "1235"),
                Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("To", "+18005551212"),
                Map.entry("Caller", "+14158675309"),
                Map.entry("From", "+14158675309"));
        assertThat(TwilioSignature.valid(TOKEN, URL, altered, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, PARAMS, null)).isFalse();
    }
}
