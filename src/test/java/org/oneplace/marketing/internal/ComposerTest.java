package org.oneplace.marketing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.cart.CartView;
import org.oneplace.marketing.TemplateView;
import org.oneplace.shared.ChannelType;

class ComposerTest {

    private final Composer composer = new Composer(new Templates());

    private static TemplateView template(ChannelType channel, String body) {
        Instant now = Instant.now();
        return new TemplateView(UUID.randomUUID(), "t", channel, null, "Hi {{customer.firstName}}", body, now, now);
    }

    private static Composer.Facts facts(String name, Map<String, Object> traits) {
        return new Composer.Facts(
                name,
                traits,
                new CartView(UUID.randomUUID(), List.of(), null, null, null, null),
                Locale.ENGLISH,
                "https://shop.test/u/TOKEN1234567",
                null);
    }

    @Test
    void onlyLinksTheMarketerWroteAreTrackedNeverOnesThatCameWithTheCustomer() {
        List<String[]> tracked = new ArrayList<>();
        Composer.Composed sms = composer.compose(
                template(ChannelType.SMS, "Hi {{customer.name}}, see https://shop.example/sale"),
                facts("https://evil.example/phish", Map.of()),
                "https://shop.test",
                (token, url) -> tracked.add(new String[] {token, url}));
        assertThat(tracked).hasSize(1);
        assertThat(tracked.getFirst()[1]).isEqualTo("https://shop.example/sale");
        assertThat(sms.text())
                .contains("https://evil.example/phish") // shown as they wrote it, not redirected by us
                .contains("https://shop.test/r/" + tracked.getFirst()[0])
                .contains("Opt out: https://shop.test/u/TOKEN1234567");
    }

    @Test
    void htmlValuesAreEscapedAndAnUnsubscribeFooterIsAdded() {
        List<String[]> tracked = new ArrayList<>();
        Composer.Composed mail = composer.compose(
                template(
                        ChannelType.EMAIL,
                        "<p>Hello {{customer.traits.nick}}</p><a href=\"https://shop.example/?a=1&amp;b=2\">Shop</a>"
                                + "<a href=\"{{customer.traits.site}}\">theirs</a>"),
                facts("Ada", Map.of("nick", "<script>x</script>", "site", "https://evil.example")),
                "https://shop.test",
                (token, url) -> tracked.add(new String[] {token, url}));
        assertThat(mail.subject()).isEqualTo("Hi Ada");
        assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(tracked).extracting(t -> t[1]).containsExactly("https://shop.example/?a=1&b=2");
        assertThat(mail.html()).contains("href=\"https://evil.example\"").contains("https://shop.test/u/TOKEN1234567");
        assertThat(mail.text()).contains("Shop (https://shop.test/r/" + tracked.getFirst()[0] + ")");
    }
}
