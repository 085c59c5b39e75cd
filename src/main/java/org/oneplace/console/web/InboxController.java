package org.oneplace.console.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.MessageTemplate;
import org.oneplace.channel.Messaging;
import org.oneplace.conversation.ConversationService;
import org.oneplace.conversation.ConversationStatus;
import org.oneplace.conversation.ConversationView;
import org.oneplace.conversation.FeedStream;
import org.oneplace.conversation.PostMessage;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.CustomerView;
import org.oneplace.customer.Customers;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.platform.DomainException;
import org.oneplace.routing.RoutingService;
import org.oneplace.staff.StaffPrincipal;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The inbox: open conversations (mine, unassigned, all) with the soonest SLA target first; a conversation with every
 * channel's messages in one thread, a composer with a channel picker, canned replies and notes, and the customer
 * beside it (identifiers, consents, timeline). The page follows the live feed over Server-Sent Events and reloads
 * the parts that changed. Message content is only ever rendered as escaped text.
 */
@Controller
@RequestMapping("/inbox")
@PreAuthorize("hasAuthority('conversations:read')")
class InboxController {

    private static final int LIST = 100;

    private final ConversationService conversations;
    private final FeedStream feed;
    private final CustomerService customers;
    private final Customers record;
    private final Messaging channels;
    private final RoutingService routing;

    InboxController(
            ConversationService conversations,
            FeedStream feed,
            CustomerService customers,
            Customers record,
            Messaging channels,
            RoutingService routing) {
        this.conversations = conversations;
        this.feed = feed;
        this.customers = customers;
        this.record = record;
        this.channels = channels;
        this.routing = routing;
    }

    /** One row of the list. */
    record Row(
            ConversationView conversation,
            String customer,
            @Nullable Instant due,
            boolean selected) {}

    @GetMapping
    String inbox(@RequestParam(defaultValue = "all") String tab, Model model) {
        list(tab, null, model);
        return "inbox/inbox";
    }

    @GetMapping("/list")
    String listFragment(
            @RequestParam(defaultValue = "all") String tab, @RequestParam @Nullable UUID selected, Model model) {
        list(tab, selected, model);
        return "inbox/inbox :: list";
    }

    @GetMapping("/{id}")
    String conversation(@PathVariable UUID id, @RequestParam(defaultValue = "all") String tab, Model model) {
        list(tab, id, model);
        ConversationView conversation = conversations.conversation(id);
        model.addAttribute("conversation", conversation);
        model.addAttribute("messages", conversations.messages(id, null, 500).items());
        CustomerView customer = customers.customer(conversation.customerId());
        model.addAttribute("customer", customer);
        List<TimelineEntry> timeline =
                customers.timeline(customer.id(), Set.of(), Set.of(), null, 15).items();
        model.addAttribute("timeline", timeline);
        model.addAttribute("channels", channels.reachable(customer.id()));
        model.addAttribute("canned", conversations.cannedReplies());
        model.addAttribute("clientId", UUID.randomUUID().toString());
        return "inbox/inbox";
    }

    /**
     * The caller of a call that is ringing now, for the pop-up: who they are, their conversation and their latest
     * activity (orders, pages, messages), so the agent picks up knowing.
     */
    @GetMapping("/{id}/call")
    String call(@PathVariable UUID id, Model model) {
        ConversationView conversation = conversations.conversation(id);
        CustomerView customer = customers.customer(conversation.customerId());
        model.addAttribute("conversation", conversation);
        model.addAttribute("customer", customer);
        model.addAttribute(
                "timeline",
                customers.timeline(customer.id(), Set.of(), Set.of(), null, 5).items());
        return "inbox/call :: call";
    }

    @GetMapping("/{id}/thread")
    String thread(@PathVariable UUID id, Model model) {
        model.addAttribute("conversation", conversations.conversation(id));
        model.addAttribute("messages", conversations.messages(id, null, 500).items());
        return "inbox/inbox :: thread";
    }

    private void list(String tab, @Nullable UUID selected, Model model) {
        StaffPrincipal me = StaffPrincipal.current();
        String which = List.of("mine", "unassigned", "all").contains(tab) ? tab : "all";
        UUID assignee = "mine".equals(which) && me != null ? me.userId() : null;
        // the soonest SLA targets first, then the most recent activity
        Map<UUID, ConversationView> open = new LinkedHashMap<>();
        for (ConversationView c : conversations.conversations(routing.soonestDue(LIST * 5))) {
            if (c.status() == ConversationStatus.OPEN && shown(c, which, assignee)) {
                open.put(c.id(), c);
            }
        }
        conversations
                .conversations(null, "open", assignee, "unassigned".equals(which), null, LIST)
                .items()
                .forEach(c -> open.putIfAbsent(c.id(), c));
        Map<UUID, Instant> due = routing.nextDue(open.keySet());
        Map<UUID, String> names = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (ConversationView c : open.values()) {
            String name = names.computeIfAbsent(
                    c.customerId(),
                    id -> record.summary(id).map(InboxController::label).orElse("(unknown)"));
            rows.add(new Row(c, name, due.get(c.id()), c.id().equals(selected)));
        }
        rows.sort(Comparator.comparing((Row r) -> r.due() == null ? Instant.MAX : r.due())
                .thenComparing(r -> r.conversation().waitingSince()));
        if (rows.size() > LIST) {
            rows = new ArrayList<>(rows.subList(0, LIST));
        }
        model.addAttribute("feedPosition", feed.latest());
        model.addAttribute("tab", which);
        model.addAttribute("rows", rows);
        model.addAttribute("selected", selected);
    }

    private static boolean shown(ConversationView c, String tab, @Nullable UUID me) {
        return switch (tab) {
            case "mine" -> me != null && me.equals(c.assigneeId());
            case "unassigned" -> c.assigneeId() == null;
            default -> true;
        };
    }

    private static String label(CustomerSummary summary) {
        if (summary.name() != null && !summary.name().isBlank()) {
            return summary.name();
        }
        return summary.identifiers().isEmpty()
                ? "(no name)"
                : summary.identifiers().getFirst().value();
    }

    @PostMapping("/{id}/messages")
    @PreAuthorize("hasAuthority('conversations:write')")
    String post(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String content,
            @RequestParam(defaultValue = "") String channel,
            @RequestParam(defaultValue = "false") boolean note,
            @RequestParam(defaultValue = "") String clientId,
            @RequestParam(defaultValue = "") String templateName,
            @RequestParam(defaultValue = "en_US") String templateLanguage,
            @RequestParam(defaultValue = "") String templateValues,
            RedirectAttributes redirect) {
        // an approved WhatsApp template, its values one per line: what may go out after the 24-hour window
        MessageTemplate template = templateName.isBlank()
                ? null
                : new MessageTemplate(
                        templateName.strip(),
                        templateLanguage.strip(),
                        templateValues
                                .lines()
                                .map(String::strip)
                                .filter(v -> !v.isEmpty())
                                .toList());
        try {
            conversations.post(
                    id,
                    new PostMessage(
                            content.isBlank() ? null : content,
                            channel.isBlank() ? null : channel,
                            note,
                            clientId.isBlank() ? null : clientId,
                            null,
                            template));
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("draft", content);
        } catch (jakarta.validation.ConstraintViolationException e) {
            redirect.addFlashAttribute(
                    "error",
                    e.getConstraintViolations().stream()
                            .map(jakarta.validation.ConstraintViolation::getMessage)
                            .sorted()
                            .collect(java.util.stream.Collectors.joining("; ")));
            redirect.addFlashAttribute("draft", content);
        }
        return "redirect:/inbox/" + id;
    }

    @PostMapping("/{id}/resolve")
    @PreAuthorize("hasAuthority('conversations:write')")
    String resolve(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            conversations.resolve(id);
            redirect.addFlashAttribute("notice", "Resolved.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/inbox/" + id;
    }

    @PostMapping("/{id}/assign-me")
    @PreAuthorize("hasAuthority('conversations:write')")
    String assignMe(@PathVariable UUID id) {
        StaffPrincipal me = StaffPrincipal.current();
        conversations.assign(id, me == null ? null : me.userId());
        return "redirect:/inbox/" + id;
    }

    /** The live feed as Server-Sent Events; {@code Last-Event-ID} resumes where the browser left off. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletResponse response) {
        response.setHeader("X-Accel-Buffering", "no");
        // a fresh page starts where its HTML was rendered ("after"); a reconnect where the browser left off
        return feed.open(lastEventId != null ? lastEventId : after, conversations.visibility());
    }
}
