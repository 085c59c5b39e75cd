package org.oneplace.analytics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.analytics.AnalyticsProperties;
import org.oneplace.analytics.internal.TouchRepository.Touch;
import org.oneplace.conversation.ConversationOpened;
import org.oneplace.conversation.ConversationResolved;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.ReplySent;
import org.oneplace.conversation.SurveyAnswered;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.fulfilment.ReturnReceived;
import org.oneplace.order.OrderPlaced;
import org.oneplace.shared.ChannelType;
import org.oneplace.tracking.TrackedEvent;
import org.oneplace.tracking.TrackedEventFeed;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How analytics hears the rest of Oneplace. Tracked events are read from the tracking feed behind ingestion (the
 * {@code analytics} consumer, from the earliest event); messages, calls, orders, returns, conversations, replies
 * and survey answers after
 * their commits (the publication log retries a listener that failed); merges and undos in their own transaction, as
 * the other modules follow them. Each becomes a touch (see the migration) keyed by its source, so a redelivered event
 * never counts twice. Also analytics' part of exports and erasure: an erased person's touches keep counting,
 * unlinked.
 */
@Component
public class AnalyticsIntegration implements PersonalDataHolder {

    static final String CONSUMER = "analytics";
    /**
     * How long a run reads tracked events before the sessions they touched are derived: long enough that a backlog is
     * read in one go, so a customer's sessions are derived once rather than once per slice of it (reading 500 batches
     * per run derived the bench's customers twice, 50 ten times), short enough that figures are never more than
     * about a minute of reading behind.
     */
    private static final Duration READ_BUDGET = Duration.ofSeconds(45);
    /** Batches read between looks at the clock. */
    private static final int READ_SLICE = 20;
    /** Tracking's types of calls that say who someone is rather than what they did: not activity. */
    private static final Set<String> NOT_ACTIVITY = Set.of("identified", "grouped", "aliased");

    private final TouchRepository touches;
    private final AnalyticsSessionRepository sessions;
    private final TrackedEventFeed feed;
    private final Restatements restatements;
    private final AnalyticsProperties properties;
    private final JsonMapper json;

    AnalyticsIntegration(
            TouchRepository touches,
            AnalyticsSessionRepository sessions,
            TrackedEventFeed feed,
            Restatements restatements,
            AnalyticsProperties properties,
            JsonMapper json) {
        this.properties = properties;
        this.touches = touches;
        this.restatements = restatements;
        this.sessions = sessions;
        this.feed = feed;
        this.json = json;
    }

    /** Folds what was tracked since the last call into touches; answers the events read. */
    public int follow() {
        long deadline = System.nanoTime() + READ_BUDGET.toNanos();
        int read = 0;
        while (true) {
            int slice = feed.follow(CONSUMER, TrackedEventFeed.Start.EARLIEST, READ_SLICE, events -> {
                List<Touch> batch = new ArrayList<>();
                for (TrackedEvent event : events) {
                    if (!NOT_ACTIVITY.contains(event.type())) {
                        batch.add(touch(event));
                    }
                }
                touches.insert(batch, properties.timeZone());
            });
            read += slice;
            // a slice short of full batches reached the end (or a gap to wait for); past the budget, derive first
            if (slice < READ_SLICE * TrackedEventFeed.BATCH || System.nanoTime() > deadline) {
                return read;
            }
        }
    }

    private Touch touch(TrackedEvent event) {
        String device;
        if (ChannelType.STORE.code().equals(event.channel())) {
            device = store(event.properties());
        } else {
            device = event.anonymousId() != null ? event.anonymousId() : "user";
        }
        return new Touch(
                "event:" + event.position(),
                event.customerId(),
                event.firstCustomerId(),
                event.channel(),
                device,
                "event",
                event.type(),
                true,
                event.occurredAt(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false);
    }

    /** The store an in-store event names ({@code location}, {@code locationCode} or {@code store}), else "store". */
    private String store(@Nullable String properties) {
        if (properties != null) {
            JsonNode node = json.readTree(properties);
            for (String field : List.of("location", "locationCode", "store")) {
                String code = node.path(field).asString("");
                if (!code.isBlank()) {
                    return code;
                }
            }
        }
        return ChannelType.STORE.code();
    }

    @ApplicationModuleListener
    void on(MessageReceived received) {
        touches.wrote(
                received.conversationId(),
                received.customerId(),
                received.channel().code(),
                received.sentAt());
        // phone: a call is a session; message channels: the contact, its messages split by the session timeout
        String device = received.callId() != null ? "call:" + received.callId() : "contact";
        touches.insert(
                List.of(new Touch(
                        "message:" + received.messageId(),
                        received.customerId(),
                        received.customerId(),
                        received.channel().code(),
                        device,
                        "message",
                        null,
                        true,
                        received.sentAt(),
                        received.conversationId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        restatements.restated(received))),
                properties.timeZone());
    }

    @ApplicationModuleListener
    void on(OrderPlaced placed) {
        // in a store the sale is the visit; elsewhere the order converts the session it follows
        boolean store = placed.channel() == ChannelType.STORE;
        touches.insert(
                List.of(new Touch(
                        "order:" + placed.orderId(),
                        placed.customerId(),
                        placed.customerId(),
                        placed.channel().code(),
                        store && placed.locationCode() != null
                                ? placed.locationCode()
                                : placed.channel().code(),
                        "order",
                        null,
                        store,
                        placed.occurredAt(),
                        null,
                        placed.orderId(),
                        placed.total().amount(),
                        placed.total().currency(),
                        placed.units(),
                        null,
                        placed.number(),
                        false)),
                properties.timeZone());
    }

    @ApplicationModuleListener
    void on(ReturnReceived received) {
        ChannelType through = received.returnedOn() != null ? received.returnedOn() : received.soldOn();
        boolean store = through == ChannelType.STORE;
        touches.insert(
                List.of(new Touch(
                        "return:" + received.returnId(),
                        received.customerId(),
                        received.customerId(),
                        through.code(),
                        store ? received.locationCode() : through.code(),
                        "return",
                        null,
                        store,
                        received.occurredAt(),
                        null,
                        received.orderId(),
                        null,
                        null,
                        received.units(),
                        received.soldOn().code(),
                        null,
                        false)),
                properties.timeZone());
    }

    @ApplicationModuleListener
    void on(ConversationOpened opened) {
        touches.opened(opened.conversationId(), opened.customerId(), opened.occurredAt());
    }

    @ApplicationModuleListener
    void on(ReplySent reply) {
        touches.replied(reply.conversationId(), reply.customerId(), reply.occurredAt());
    }

    @ApplicationModuleListener
    void on(SurveyAnswered answer) {
        touches.surveyed(answer.conversationId(), answer.customerId(), answer.score(), answer.occurredAt());
    }

    @ApplicationModuleListener
    void on(ConversationResolved resolved) {
        touches.resolved(resolved.conversationId(), resolved.customerId(), resolved.occurredAt());
    }

    @EventListener
    void on(CustomersMerged merged) {
        touches.move(merged.mergedId(), merged.survivorId());
        touches.mark(List.of(merged.mergedId()));
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        touches.restore(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @Override
    public String section() {
        return "analytics";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return Map.of("sessions", sessions.of(customerIds));
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        touches.pseudonymise(customerIds);
        // their sessions go (the unlinked touches are derived under their new ids); a derive batch running meanwhile
        // may still write sessions under these ids: they are derived (away) again
        sessions.remove(customerIds.toArray(UUID[]::new), properties.timeZone());
        touches.mark(customerIds);
    }
}
