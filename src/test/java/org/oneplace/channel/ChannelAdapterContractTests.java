package org.oneplace.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.oneplace.Channels;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.shared.ChannelType;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The contract every {@link ChannelAdapter} keeps, whatever its provider (the one its Javadoc promises): settings
 * that make sense, a webhook path of its own, forged or garbage requests refused without throwing, unreadable payloads
 * quarantined rather than crashing the intake, and sends that report an outcome instead of throwing.
 */
class ChannelAdapterContractTests extends OneplaceIntegrationTest {

    private static final byte[] GARBAGE = "\u0000{not json <at all".getBytes(StandardCharsets.UTF_8);

    @Autowired
    List<ChannelAdapter> adapters;

    @Autowired
    Messaging messaging;

    @Test
    void everyKindHasOneAdapterAndItsOwnWebhookPath() {
        Set<ChannelType> types = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (ChannelAdapter adapter : adapters) {
            assertThat(types.add(adapter.type()))
                    .as("one adapter for %s", adapter.type())
                    .isTrue();
            assertThat(adapter.webhookPath()).isNotBlank().doesNotStartWith("/").doesNotEndWith("/");
            assertThat(paths.add(adapter.webhookPath()))
                    .as("path of %s", adapter.type())
                    .isTrue();
        }
        assertThat(types)
                .contains(
                        ChannelType.WHATSAPP,
                        ChannelType.MESSENGER,
                        ChannelType.INSTAGRAM,
                        ChannelType.SMS,
                        ChannelType.TELEGRAM,
                        ChannelType.EMAIL,
                        ChannelType.WEBCHAT,
                        ChannelType.PHONE);
    }

    @TestFactory
    Stream<DynamicTest> everyAdapterKeepsTheContract() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        return adapters.stream()
                .map(adapter -> DynamicTest.dynamicTest(adapter.type().code(), () -> {
                    ChannelAccount account = account(channels, adapter.type());

                    // settings: secrets are settings, nothing is both required and optional
                    ChannelAdapter.Settings settings = adapter.settings();
                    Set<String> known = new HashSet<>(settings.required());
                    known.addAll(settings.optional());
                    assertThat(known).containsAll(settings.secrets());
                    Set<String> both = new HashSet<>(settings.required());
                    both.retainAll(settings.optional());
                    assertThat(both).as("settings both required and optional").isEmpty();
                    assertThat(adapter.maxLength()).isNotNegative();
                    assertThat(adapter.addressedBy()).isNotNull();

                    // a forged or garbage request is refused, never an exception
                    WebhookRequest forged = new WebhookRequest(
                            "POST",
                            "",
                            "https://oneplace.test/webhooks/" + adapter.webhookPath() + "/" + account.id(),
                            Map.of(
                                    "x-hub-signature-256", "sha256=00",
                                    "x-twilio-signature", "AA==",
                                    "x-telegram-bot-api-secret-token", "wrong",
                                    "x-oneplace-channel-token", "wrong"),
                            Map.of(),
                            "application/json",
                            GARBAGE);
                    assertThat(adapter.authentic(account, forged))
                            .as("a forged request")
                            .isFalse();
                    assertThat(adapter.handshake(account, forged)).isEmpty();

                    // an unreadable payload is quarantined (UnusableEventException) or keyed, never another exception
                    assertThatCode(() -> {
                                try {
                                    assertThat(adapter.dedupeKey(forged)).isNotBlank();
                                } catch (ChannelAdapter.UnusableEventException quarantined) {
                                    // the intake stores it quarantined and acknowledges it
                                }
                            })
                            .doesNotThrowAnyException();
                    assertThat(adapter.storedKeys("id-1")).isNotEmpty();

                    // a send reports an outcome, whatever the provider answers (here: the stand-in knows no such route)
                    if (adapter.maxLength() > 0) {
                        SendOutcome outcome = adapter.send(
                                account,
                                new OutboundMessage(
                                        UUID.randomUUID(),
                                        adapter.type() == ChannelType.EMAIL ? "nobody@example.com" : "+4915100000000",
                                        "contract",
                                        1,
                                        null,
                                        Map.of(),
                                        null));
                        assertThat(outcome).isNotNull();
                    }
                }));
    }

    private ChannelAccount account(Channels channels, ChannelType type) {
        Channels.Account created = switch (type) {
            case WHATSAPP -> channels.whatsapp();
            case MESSENGER, INSTAGRAM -> channels.page(type.code());
            case SMS -> channels.sms(port);
            case TELEGRAM -> channels.telegram();
            case PHONE -> channels.voice();
            case WEBCHAT -> channels.webchat("https://shop.example");
            case EMAIL -> channels.email("contract-" + UUID.randomUUID() + "@shop.example");
            default -> throw new IllegalStateException("no test account for " + type + "; add one here");
        };
        return messaging.account(UUID.fromString(created.id())).orElseThrow();
    }
}
