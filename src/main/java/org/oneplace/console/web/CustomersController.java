package org.oneplace.console.web;

import jakarta.validation.ConstraintViolationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.LinkView;
import org.oneplace.customer.MergeCustomers;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.ChannelType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Customers section: search, the customer 360 (identifiers and why, traits, consents, timeline), merge/undo. */
@Controller
@RequestMapping("/customers")
class CustomersController {

    private static final int TIMELINE_PAGE = 50;

    /** A symbol per channel for the timeline, so the eye finds "in the store" among "on the web". */
    static final Map<ChannelType, String> ICONS = Map.ofEntries(
            Map.entry(ChannelType.WEB, "🌐"),
            Map.entry(ChannelType.APP, "📱"),
            Map.entry(ChannelType.STORE, "🏬"),
            Map.entry(ChannelType.EMAIL, "✉️"),
            Map.entry(ChannelType.WEBCHAT, "💬"),
            Map.entry(ChannelType.WHATSAPP, "🟢"),
            Map.entry(ChannelType.MESSENGER, "🔵"),
            Map.entry(ChannelType.INSTAGRAM, "📷"),
            Map.entry(ChannelType.SMS, "📨"),
            Map.entry(ChannelType.TELEGRAM, "✈️"),
            Map.entry(ChannelType.PHONE, "📞"),
            Map.entry(ChannelType.PUSH, "🔔"),
            Map.entry(ChannelType.API, "⚙️"));

    private final CustomerService customers;

    CustomersController(CustomerService customers) {
        this.customers = customers;
    }

    @GetMapping
    String search(@RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("q", q);
        if (!q.isBlank()) {
            model.addAttribute("results", customers.search(q, null, 50).items());
        }
        return "customers/search";
    }

    @GetMapping("/{id}")
    String customer(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String channel,
            @RequestParam @Nullable String cursor,
            Authentication authentication,
            Model model) {
        var customer = customers.customer(id);
        if (!customer.id().equals(id)) {
            return "redirect:/customers/" + customer.id(); // a merged-away id shows its survivor
        }
        Set<ChannelType> channels = channel.isBlank() ? Set.of() : Set.of(ChannelType.parse(channel));
        Map<String, LinkView> links = customers.links(id).stream()
                .collect(Collectors.toMap(
                        l -> l.type().key(l.value()), Function.identity(), (a, b) -> a, LinkedHashMap::new));
        model.addAttribute("customer", customer);
        model.addAttribute("links", links);
        model.addAttribute("merges", customers.merges(id));
        model.addAttribute("conflicts", customers.conflicts(id));
        model.addAttribute("timeline", customers.timeline(id, channels, Set.of(), cursor, TIMELINE_PAGE));
        model.addAttribute("channel", channel);
        model.addAttribute("channels", ChannelType.values());
        model.addAttribute("icons", ICONS);
        model.addAttribute(
                "canMerge",
                authentication.getAuthorities().stream().anyMatch(a -> "customers:merge".equals(a.getAuthority())));
        return "customers/customer";
    }

    @PostMapping("/{id}/merge")
    String merge(
            @PathVariable UUID id,
            @RequestParam String otherId,
            @RequestParam String reason,
            RedirectAttributes redirect) {
        try {
            var merge = customers.merge(new MergeCustomers(id, UUID.fromString(otherId.strip()), reason));
            redirect.addFlashAttribute("notice", "Merged customer " + merge.mergedId() + " into this one.");
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/customers/" + id;
    }

    @PostMapping("/merges/{mergeId}/undo")
    String undo(@PathVariable UUID mergeId, @RequestParam UUID back, RedirectAttributes redirect) {
        try {
            var merge = customers.undoMerge(mergeId);
            redirect.addFlashAttribute(
                    "notice", "Undid the merge: customer " + merge.mergedId() + " is on its own again.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/customers/" + back;
    }
}
