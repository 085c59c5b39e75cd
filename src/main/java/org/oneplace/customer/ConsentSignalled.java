package org.oneplace.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.oneplace.shared.InvalidValueException;

/**
 * Identify traits carried a consent choice (trait {@code consents}: {@code {"email": {"marketing": true}}}). The
 * consent module records it in its ledger.
 *
 * @param source where the traits came from, e.g. {@code tracking:web}
 * @param evidence what the signal was, for the ledger
 */
public record ConsentSignalled(
        UUID customerId,
        ChannelType channel,
        ConsentPurpose purpose,
        ConsentStatus status,
        String source,
        String evidence,
        Instant occurredAt) {

    /** One choice read from a {@code consents} trait. */
    public record Choice(ChannelType channel, ConsentPurpose purpose, ConsentStatus status, String evidence) {}

    /**
     * Reads a {@code consents} trait: channels (those consent is kept for) to purposes to {@code true}, {@code false}
     * (revoked) or a status name.
     *
     * @throws IllegalArgumentException saying what is wrong, so that the sender gets a 400 rather than a ledger
     *     entry that can never be recorded
     */
    public static List<Choice> choicesIn(Object trait) {
        if (!(trait instanceof Map<?, ?> byChannel)) {
            throw new InvalidValueException(
                    "traits.consents must be an object such as {\"email\": {\"marketing\": true}}");
        }
        List<Choice> choices = new ArrayList<>();
        for (Map.Entry<?, ?> channel : byChannel.entrySet()) {
            String where = "traits.consents." + channel.getKey();
            ChannelType type = ChannelType.parse(String.valueOf(channel.getKey()));
            if (!ChannelType.CONSENT_CHANNELS.contains(type)) {
                throw new InvalidValueException(where + ": consent is kept for "
                        + ChannelType.CONSENT_CHANNELS.stream()
                                .map(ChannelType::code)
                                .toList() + " only");
            }
            if (!(channel.getValue() instanceof Map<?, ?> byPurpose)) {
                throw new InvalidValueException(where + " must be an object of purposes, e.g. {\"marketing\": true}");
            }
            for (Map.Entry<?, ?> purpose : byPurpose.entrySet()) {
                ConsentStatus status = switch (purpose.getValue()) {
                    case Boolean b -> b ? ConsentStatus.GRANTED : ConsentStatus.REVOKED;
                    case String s -> ConsentStatus.parse(s);
                    case null, default ->
                        throw new InvalidValueException(
                                where + "." + purpose.getKey() + " must be true, false, or granted/denied/revoked");
                };
                choices.add(new Choice(
                        type,
                        ConsentPurpose.parse(String.valueOf(purpose.getKey())),
                        status,
                        where + "." + purpose.getKey() + " = " + purpose.getValue()));
            }
        }
        return choices;
    }
}
