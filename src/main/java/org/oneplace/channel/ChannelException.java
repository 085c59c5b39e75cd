package org.oneplace.channel;

import java.util.UUID;
import org.oneplace.platform.DomainException;

/** A rule about channels was broken; the message says what to do instead. */
public class ChannelException extends DomainException {

    ChannelException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static ChannelException unknown(UUID id) {
        return new ChannelException(
                Reason.NOT_FOUND, "Unknown channel", "There is no channel account with the id " + id + ".");
    }

    public static ChannelException invalid(String detail) {
        return new ChannelException(Reason.INVALID, "Invalid channel", detail);
    }

    public static ChannelException duplicate(String detail) {
        return new ChannelException(Reason.CONFLICT, "Channel exists", detail);
    }

    public static ChannelException notAllowed(String title, String detail) {
        return new ChannelException(Reason.CONFLICT, title, detail);
    }

    public static ChannelException notFoundWebhook(String path) {
        return new ChannelException(
                Reason.NOT_FOUND, "Unknown webhook", "There is no webhook at /webhooks" + path + ".");
    }

    public static ChannelException unauthenticated(String detail) {
        return new ChannelException(Reason.UNAUTHENTICATED, "No chat session", detail);
    }

    public static ChannelException originRefused(String origin) {
        return new ChannelException(
                Reason.FORBIDDEN,
                "Origin not allowed",
                "Pages on " + origin + " may not use this chat; add the origin to the channel's allowedOrigins.");
    }

    public static ChannelException signature(String detail) {
        return new ChannelException(Reason.FORBIDDEN, "Signature does not match", detail);
    }
}
