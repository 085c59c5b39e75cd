package org.oneplace.conversation;

// Why this class is large: a reply's checks (channel choice, the messaging port's rules, the thread to answer in),
// its queueing and the conversation's state change commit together, and resolving sends the survey through the same
// path; the read side (lists, threads, attachments) could move to a class of its own when it grows.

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.AttachmentFile;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelException;
import org.oneplace.channel.DeliveryStatus;
import org.oneplace.channel.InboundRecords;
import org.oneplace.channel.MessageTemplate;
import org.oneplace.channel.Messaging;
import org.oneplace.conversation.internal.CannedReplyRepository;
import org.oneplace.conversation.internal.ConversationRepository;
import org.oneplace.conversation.internal.MessageRepository;
import org.oneplace.customer.Customers;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.Permission;
import org.oneplace.staff.StaffPrincipal;
import org.oneplace.staff.TeamService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * What agents and bots do with conversations: read them, reply on the channel that suits, write notes, hand over,
 * resolve. Replies are queued in the same transaction as the conversation's change and sent by the outbox.
 */
@Service
@Validated
public class ConversationService {

    /** The details of a customer's message that a reply carries on to thread with it. */
    private static final List<String> THREAD = List.of("subject", "references", "messageId");

    static final String SURVEY =
            "How happy are you with our help? Reply with a number from 1 (not at all) to 5" + " (very).";

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final CannedReplyRepository canned;
    private final Messaging channels;
    private final InboundRecords received;
    private final Customers customers;
    private final TeamService teams;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ConversationService(
            ConversationRepository conversations,
            MessageRepository messages,
            CannedReplyRepository canned,
            Messaging channels,
            InboundRecords received,
            Customers customers,
            TeamService teams,
            ApplicationEventPublisher events,
            Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.canned = canned;
        this.channels = channels;
        this.received = received;
        this.customers = customers;
        this.teams = teams;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public Page<ConversationView> conversations(
            @Nullable UUID customerId,
            @Nullable String status,
            @Nullable UUID assignee,
            boolean unassigned,
            @Nullable String cursor,
            int limit) {
        ConversationStatus wanted = status == null ? null : ConversationStatus.parse(status);
        UUID customer = customerId == null ? null : customers.liveId(customerId).orElse(customerId);
        Cursor before = Cursor.parse(cursor, 2);
        Instant beforeAt = before == null ? null : Instant.ofEpochMilli(before.number(0));
        UUID beforeId = before == null ? null : before.uuid(1);
        int size = Math.clamp(limit, 1, 100);
        Scope scope = scope();
        List<ConversationView> page = conversations.page(
                customer,
                wanted,
                assignee,
                unassigned,
                beforeAt,
                beforeId,
                size + 1,
                scope.all() ? null : new ConversationRepository.Visible(scope.me(), scope.mine(), scope.answered()));
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            ConversationView last = page.getLast();
            next = Cursor.of(last.lastMessageAt().toEpochMilli(), last.id());
        }
        return new Page<>(page, next);
    }

    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public ConversationView conversation(UUID id) {
        Scope scope = scope();
        return conversations.find(id).filter(scope::sees).orElseThrow(() -> ConversationException.unknown(id));
    }

    /**
     * Who sees which conversations: supervisors and admins (and the system) all; anyone else those on channels
     * their teams answer or no team answers, and those assigned to them. Others answer 404, as if they did not
     * exist (SEC-02, SEC-05).
     */
    record Scope(boolean all, @Nullable UUID me, Set<UUID> mine, Set<UUID> answered) {
        boolean sees(ConversationView c) {
            return all
                    || (me != null && me.equals(c.assigneeId()))
                    || c.lastChannelId() == null
                    || !answered.contains(c.lastChannelId())
                    || mine.contains(c.lastChannelId());
        }
    }

    private Scope scope() {
        StaffPrincipal principal = StaffPrincipal.current();
        if (principal == null || principal.can(Permission.ROUTING_MANAGE)) {
            return new Scope(true, null, Set.of(), Set.of());
        }
        Set<UUID> mine = new HashSet<>();
        teams.teamsOf(principal.userId()).forEach(t -> mine.addAll(t.channelIds()));
        return new Scope(false, principal.userId(), mine, teams.answeredChannels());
    }

    /**
     * Whether the current person may see a conversation, as a predicate that keeps answering for them after the
     * request (a live stream's filter); remembers its answers.
     */
    @PreAuthorize("hasAuthority('conversations:read')")
    public Predicate<UUID> visibility() {
        Scope scope = scope();
        if (scope.all()) {
            return id -> true;
        }
        Map<UUID, Boolean> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return id -> seen.computeIfAbsent(
                id, k -> conversations.find(k).map(scope::sees).orElse(false));
    }

    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public Page<MessageView> messages(UUID id, @Nullable String cursor, int limit) {
        conversation(id);
        Cursor position = Cursor.parse(cursor, 1);
        int offset = position == null ? 0 : (int) Math.min(position.number(0), Integer.MAX_VALUE);
        int size = Math.clamp(limit, 1, 500);
        List<MessageView> page = messages.thread(id, offset, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = Cursor.of(offset + size);
        }
        return new Page<>(page, next);
    }

    /** A file that came with a customer's message of this conversation. */
    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public AttachmentFile attachment(UUID conversationId, UUID messageId, int index) {
        conversation(conversationId);
        MessageView message = messages.find(messageId)
                .filter(m -> m.conversationId().equals(conversationId))
                .orElseThrow(() -> ConversationException.unknown(messageId));
        if (index < 0
                || index >= message.attachments().size()
                || message.channelId() == null
                || message.externalId() == null) {
            throw ConversationException.noAttachment(messageId, index);
        }
        String ref = String.valueOf(message.attachments().get(index).get("ref"));
        return received.attachment(message.channelId(), message.externalId(), ref)
                .orElseThrow(() -> ConversationException.noAttachment(messageId, index));
    }

    /** The customer's open conversation, if any (module API). */
    @Transactional(readOnly = true)
    public Optional<ConversationView> openOf(UUID customerId) {
        return customers.liveId(customerId).flatMap(conversations::open);
    }

    /** The outcome of posting: the message, and whether it was new (a repeated client id answers the first). */
    public record Posted(MessageView message, boolean created) {}

    /**
     * Posts a reply, bot answer or note. Replies go to the channel the agent picked, else the one the customer last
     * wrote on; the channel's limits and window are checked before anything is queued.
     */
    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public Posted post(UUID id, @Valid PostMessage command) {
        ConversationView conversation = conversation(id);
        if (conversation.status() == ConversationStatus.MERGED) {
            throw ConversationException.conflict(
                    "Conversation merged",
                    "This conversation was merged into " + conversation.mergedInto() + "; post there.");
        }
        if (command.clientId() != null) {
            Optional<MessageView> earlier = messages.byClientId(id, command.clientId());
            if (earlier.isPresent()) {
                return new Posted(earlier.get(), false);
            }
        }
        StaffPrincipal principal = StaffPrincipal.current();
        boolean bot = command.author() != null;
        String authorType = bot ? "bot" : "agent";
        String authorId = principal == null ? null : principal.userId().toString();
        String authorName = bot
                ? (command.author().name() == null ? "Bot" : command.author().name())
                : principal == null ? null : principal.email();
        Instant now = clock.instant();
        UUID messageId = Uuid7.next();
        if (command.note()) {
            messages.insert(MessageRepository.NewMessage.note(
                    messageId,
                    id,
                    conversation.customerId(),
                    authorType,
                    authorId,
                    authorName,
                    "message",
                    command.text(),
                    command.clientId(),
                    now));
            conversations.touch(id, now);
            return new Posted(messages.find(messageId).orElseThrow(), true);
        }
        ChannelAccount channel = pickChannel(conversation, command.channel());
        if (conversation.status() != ConversationStatus.OPEN) {
            conversations.lockCustomer(conversation.customerId());
            if (conversations.open(conversation.customerId()).isPresent()) {
                throw ConversationException.conflict(
                        "Another conversation is open", "The customer has another open conversation; answer there.");
            }
            conversations.reopen(id, now);
            events.publishEvent(new ConversationOpened(id, conversation.customerId(), null, true, now));
        }
        queueReply(
                conversation,
                channel,
                messageId,
                command.text(),
                command.template(),
                command.template() == null ? "message" : "template",
                authorType,
                authorId,
                authorName,
                command.clientId(),
                now);
        conversations.weAnswered(id, now);
        events.publishEvent(new ReplySent(
                id, conversation.customerId(), messageId, ReplySent.Author.parse(authorType), authorId, now));
        return new Posted(messages.find(messageId).orElseThrow(), true);
    }

    private void queueReply(
            ConversationView conversation,
            ChannelAccount channel,
            UUID messageId,
            String content,
            @Nullable MessageTemplate template,
            String kind,
            String authorType,
            @Nullable String authorId,
            @Nullable String authorName,
            @Nullable String clientId,
            Instant now) {
        Optional<MessageRepository.LastInbound> last = messages.lastInbound(conversation.customerId(), channel.id());
        channels.checkReply(
                channel.id(),
                conversation.customerId(),
                content,
                last.map(MessageRepository.LastInbound::at).orElse(null),
                template);
        String address = last.map(MessageRepository.LastInbound::address)
                .or(() -> channels.address(channel.id(), conversation.customerId()))
                .orElseThrow(() -> ConversationException.conflict(
                        "Not reachable",
                        "The customer has no " + channel.type().label() + " address; pick another channel."));
        // what threads the reply where the provider threads by headers (e-mail: the subject and references)
        Map<String, String> thread = new java.util.LinkedHashMap<>();
        last.map(MessageRepository.LastInbound::details)
                .ifPresent(d -> THREAD.forEach(key -> {
                    if (d.get(key) != null) {
                        thread.put(key, d.get(key));
                    }
                }));
        if (template != null) {
            thread.putAll(template.details());
        }
        boolean inserted = messages.insert(new MessageRepository.NewMessage(
                messageId,
                conversation.id(),
                conversation.customerId(),
                channel.id(),
                channel.type(),
                "out",
                authorType,
                authorId,
                authorName,
                kind,
                content,
                List.of(),
                thread,
                null,
                clientId,
                last.map(MessageRepository.LastInbound::externalId).orElse(null),
                address,
                DeliveryStatus.QUEUED.code(),
                now,
                now,
                now));
        if (!inserted) {
            throw ConversationException.conflict(
                    "Already posted", "A message with this client id was posted at the same moment; reload.");
        }
    }

    private ChannelAccount pickChannel(ConversationView conversation, @Nullable String wanted) {
        if (wanted == null || wanted.isBlank()) {
            if (conversation.lastChannelId() == null) {
                throw ConversationException.conflict(
                        "No channel",
                        "The customer has not written on any channel in this conversation; name one in 'channel'.");
            }
            return channels.account(conversation.lastChannelId())
                    .orElseThrow(() -> ChannelException.unknown(conversation.lastChannelId()));
        }
        try {
            UUID channelId = UUID.fromString(wanted);
            return channels.account(channelId).orElseThrow(() -> ChannelException.unknown(channelId));
        } catch (IllegalArgumentException notAnId) {
            ChannelType type = ChannelType.parse(wanted);
            List<ChannelAccount> accounts = channels.accounts(type);
            if (accounts.isEmpty()) {
                throw ConversationException.conflict(
                        "No such channel", "No " + type.label() + " channel is connected; connect one first.");
            }
            return accounts.stream()
                    .filter(a -> messages.lastInbound(conversation.customerId(), a.id())
                            .isPresent())
                    .findFirst()
                    .orElse(accounts.getFirst());
        }
    }

    /** Sends a failed or unknown reply again, by an agent who has checked it did not arrive. */
    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public MessageView resend(UUID conversationId, UUID messageId) {
        MessageView message = messages.find(messageId)
                .filter(m -> m.conversationId().equals(conversationId))
                .orElseThrow(() -> ConversationException.unknown(messageId));
        if (!messages.resend(messageId, clock.instant())) {
            throw ConversationException.conflict(
                    "Not resendable",
                    "Only failed or unknown replies can be sent again; this one is " + message.status() + ".");
        }
        return messages.find(messageId).orElseThrow();
    }

    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public ConversationView resolve(UUID id) {
        ConversationView conversation = conversation(id);
        if (conversation.status() != ConversationStatus.OPEN) {
            throw ConversationException.conflict(
                    "Not open",
                    "The conversation is " + conversation.status().code() + "; only open ones can be resolved.");
        }
        Instant now = clock.instant();
        boolean surveyed = false;
        if (conversation.lastChannelId() != null) {
            Optional<ChannelAccount> channel = channels.account(conversation.lastChannelId());
            Optional<MessageRepository.LastInbound> last =
                    messages.lastInbound(conversation.customerId(), conversation.lastChannelId());
            // outside the window, on a phone line or not reachable: no survey, the resolution stands
            if (channel.isPresent()
                    && last.isPresent()
                    && last.get().address() != null
                    && channels.refusal(
                                    channel.get().id(),
                                    conversation.customerId(),
                                    ConsentPurpose.SERVICE,
                                    SURVEY,
                                    last.get().at(),
                                    null)
                            .isEmpty()) {
                queueReply(
                        conversation,
                        channel.get(),
                        Uuid7.next(),
                        SURVEY,
                        null,
                        "csat",
                        "system",
                        null,
                        null,
                        null,
                        now);
                surveyed = true;
            }
        }
        conversations.resolve(id, now, surveyed);
        events.publishEvent(new ConversationResolved(id, conversation.customerId(), now));
        return conversation(id);
    }

    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public ConversationView handOff(UUID id, @Valid HandOff command) {
        ConversationView conversation = conversation(id);
        Instant now = clock.instant();
        messages.insert(MessageRepository.NewMessage.note(
                Uuid7.next(),
                id,
                conversation.customerId(),
                "bot",
                null,
                "Bot",
                "system",
                "Handed over to a person: " + command.summary(),
                null,
                now));
        conversations.handOff(id, command.summary(), now);
        events.publishEvent(new ConversationHandedOff(id, conversation.customerId(), command.summary(), now));
        return conversation(id);
    }

    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public ConversationView assign(UUID id, @Nullable UUID assignee) {
        ConversationView conversation = conversation(id);
        conversations.assign(id, assignee);
        events.publishEvent(new ConversationAssigned(id, conversation.customerId(), assignee, clock.instant()));
        return conversation(id);
    }

    /** A conversation without a permission check (module API). */
    @Transactional(readOnly = true)
    public Optional<ConversationView> find(UUID id) {
        return conversations.find(id);
    }

    /** A message without a permission check (module API: analytics reads what a customer re-stated). */
    @Transactional(readOnly = true)
    public Optional<MessageView> message(UUID messageId) {
        return messages.find(messageId);
    }

    /** Some conversations by id, in no particular order (module API). */
    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public List<ConversationView> conversations(java.util.Collection<UUID> ids) {
        Scope scope = scope();
        return conversations.byIds(ids).stream().filter(scope::sees).toList();
    }

    /** Open conversations nobody is assigned, longest waiting first (module API, for assignment). */
    @Transactional(readOnly = true)
    public List<ConversationView> waitingUnassigned(int limit) {
        return conversations.waitingUnassigned(limit);
    }

    /** Adds a system note to a conversation, e.g. an SLA escalation (module API). */
    @Transactional
    public void systemNote(UUID id, String text) {
        conversations.find(id).ifPresent(c -> {
            Instant now = clock.instant();
            messages.insert(MessageRepository.NewMessage.note(
                    Uuid7.next(), id, c.customerId(), "system", null, "Oneplace", "system", text, null, now));
        });
    }

    /** Assigns without a permission check: routing's automatic assignment (module API). */
    @Transactional
    public void assignAutomatically(UUID id, UUID assignee) {
        conversations.find(id).ifPresent(c -> {
            conversations.assign(id, assignee);
            events.publishEvent(new ConversationAssigned(id, c.customerId(), assignee, clock.instant()));
        });
    }

    /** Open conversations per agent, for least-loaded assignment (module API). */
    @Transactional(readOnly = true)
    public Map<UUID, Integer> openCounts(List<UUID> agents) {
        return conversations.openCounts(agents);
    }

    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public List<CannedReply> cannedReplies() {
        return canned.all();
    }

    @PreAuthorize("hasAuthority('conversations:write')")
    @Transactional
    public CannedReply createCannedReply(@Valid CreateCannedReply command) {
        CannedReply reply = new CannedReply(
                Uuid7.next(), command.shortcut(), command.title().strip(), command.content(), clock.instant());
        if (!canned.insert(reply)) {
            throw ConversationException.conflict(
                    "Shortcut taken", "A canned reply with the shortcut '" + command.shortcut() + "' exists.");
        }
        return reply;
    }
}
