package org.oneplace.conversation;

import java.util.UUID;
import org.oneplace.platform.DomainException;

/** A rule about conversations was broken; the message says what to do instead. */
public class ConversationException extends DomainException {

    ConversationException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static ConversationException unknown(UUID id) {
        return new ConversationException(
                Reason.NOT_FOUND, "Unknown conversation", "There is no conversation with the id " + id + ".");
    }

    public static ConversationException noAttachment(UUID messageId, int index) {
        return new ConversationException(
                Reason.NOT_FOUND,
                "No such attachment",
                "Message " + messageId + " has no attachment " + index + " that is still kept (raw messages are kept"
                        + " for oneplace.channel.raw-retention).");
    }

    public static ConversationException conflict(String title, String detail) {
        return new ConversationException(Reason.CONFLICT, title, detail);
    }

    public static ConversationException invalid(String detail) {
        return new ConversationException(Reason.INVALID, "Invalid message", detail);
    }
}
