package org.oneplace.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.marketing.JourneyRequest;
import org.oneplace.marketing.JourneyView;
import org.oneplace.marketing.MarketingService;
import org.oneplace.marketing.SegmentRequest;
import org.oneplace.marketing.SegmentService;
import org.oneplace.marketing.TemplateRequest;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Marketing section, for marketers: journeys with their funnel (a diagram of the steps with how many customers
 * entered, were sent, skipped and why, clicked and bought), segments built from a form with a live count, and
 * templates. Everything goes through {@link MarketingService}, which checks the permissions and the definitions.
 */
@Controller
@RequestMapping("/marketing")
class MarketingConsoleController {

    private final MarketingService marketing;
    private final SegmentService segments;
    private final JsonMapper json;

    MarketingConsoleController(MarketingService marketing, SegmentService segments, JsonMapper json) {
        this.marketing = marketing;
        this.segments = segments;
        this.json = json;
    }

    @GetMapping
    String overview(Model model) {
        model.addAttribute("journeys", marketing.journeys());
        model.addAttribute("segments", segments.segments());
        model.addAttribute("templates", marketing.templates());
        model.addAttribute(
                "channels", List.of("email", "sms", "whatsapp", "messenger", "instagram", "telegram", "push"));
        return "marketing/overview";
    }

    @GetMapping("/journeys/{id}")
    String journey(@PathVariable UUID id, Model model) {
        JourneyView journey = marketing.journey(id);
        model.addAttribute("journey", journey);
        model.addAttribute("entry", describeEntry(journey.definition().path("entry")));
        model.addAttribute("steps", describeSteps(journey.definition()));
        model.addAttribute(
                "exits",
                journey.definition()
                        .path("exitOn")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList());
        Map<String, Object> report = new LinkedHashMap<>();
        marketing.report(id).forEach(step -> report.put(step.stepId(), step));
        model.addAttribute("report", report);
        model.addAttribute("waiting", marketing.waiting(id));
        return "marketing/journey";
    }

    @PostMapping("/journeys/{id}/{action:activate|pause}")
    String status(@PathVariable UUID id, @PathVariable String action, RedirectAttributes redirect) {
        try {
            JourneyView journey = action.equals("activate") ? marketing.activate(id) : marketing.pause(id);
            redirect.addFlashAttribute("notice", "'" + journey.name() + "' is " + journey.status() + ".");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/marketing/journeys/" + id;
    }

    /** The journey form: an entry, an optional wait, one send, the usual exits. */
    @PostMapping("/journeys")
    String createJourney(
            @RequestParam String name,
            @RequestParam String entry,
            @RequestParam(defaultValue = "30") int afterMinutes,
            @RequestParam(defaultValue = "3") int daysBefore,
            @RequestParam(defaultValue = "0") int waitHours,
            @RequestParam UUID templateId,
            @RequestParam(required = false) List<String> channels,
            @RequestParam(defaultValue = "false") boolean activate,
            RedirectAttributes redirect) {
        Map<String, Object> entryNode = new LinkedHashMap<>();
        entryNode.put("type", entry);
        if (entry.equals("cart_abandoned")) {
            entryNode.put("after", "PT" + Math.max(afterMinutes, 0) + "M");
        } else if (entry.equals("replenishment_due")) {
            entryNode.put("daysBefore", daysBefore);
        }
        List<JsonNode> steps = new ArrayList<>();
        if (waitHours > 0) {
            steps.add(json.valueToTree(Map.of("id", "wait", "type", "wait", "duration", "PT" + waitHours + "H")));
        }
        steps.add(json.valueToTree(Map.of(
                "id",
                "send",
                "type",
                "send",
                "templateId",
                templateId.toString(),
                "channels",
                channels == null ? List.of() : channels)));
        try {
            JourneyView created = marketing.createJourney(
                    new JourneyRequest(name, json.valueToTree(entryNode), steps, List.of("order_placed"), null, null));
            if (activate) {
                marketing.activate(created.id());
            }
            redirect.addFlashAttribute(
                    "notice", "Journey '" + created.name() + "' created" + (activate ? " and live." : " as a draft."));
            return "redirect:/marketing/journeys/" + created.id();
        } catch (DomainException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/marketing";
        }
    }

    @PostMapping("/segments")
    String createSegment(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            var segment = segments.createSegment(new SegmentRequest(form.getOrDefault("name", ""), rules(form)));
            redirect.addFlashAttribute(
                    "notice", "Segment '" + segment.name() + "' has " + segment.count() + " customers.");
        } catch (DomainException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/marketing";
    }

    /** The live count as the segment form is edited (htmx). */
    @GetMapping("/segments/{id}/members.csv")
    org.springframework.http.ResponseEntity<String> membersCsv(@PathVariable UUID id) {
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"segment-" + id + ".csv\"")
                .body(segments.membersCsv(id));
    }

    @PostMapping("/segments/count")
    @ResponseBody
    String count(@RequestParam Map<String, String> form) {
        try {
            long count = segments.count(rules(form));
            return count + (count == 1 ? " customer" : " customers");
        } catch (DomainException | IllegalArgumentException e) {
            return "—";
        }
    }

    @PostMapping("/templates")
    String createTemplate(
            @RequestParam String name,
            @RequestParam String channel,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam String body,
            RedirectAttributes redirect) {
        try {
            var template = marketing.createTemplate(new TemplateRequest(
                    name, ChannelType.parse(channel), null, subject.isBlank() ? null : subject, body));
            redirect.addFlashAttribute("notice", "Template '" + template.name() + "' saved.");
        } catch (DomainException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/marketing";
    }

    /** The segment form's fields as rules: each filled field is one condition, all must hold. */
    private JsonNode rules(Map<String, String> form) {
        List<Map<String, Object>> all = new ArrayList<>();
        String trait = form.getOrDefault("trait", "").strip();
        if (!trait.isEmpty()) {
            String value = form.getOrDefault("traitValue", "").strip();
            all.add(value.isEmpty() ? Map.of("trait", trait) : Map.of("trait", trait, "equals", value));
        }
        String consent = form.getOrDefault("consent", "").strip();
        if (!consent.isEmpty()) {
            all.add(Map.of("consent", Map.of("channel", consent, "purpose", "marketing")));
        }
        String event = form.getOrDefault("event", "").strip();
        if (!event.isEmpty()) {
            all.add(Map.of(
                    "event", event,
                    "atLeast", number(form, "eventAtLeast", 1),
                    "withinDays", number(form, "eventDays", 30)));
        }
        if (!form.getOrDefault("ordersAtLeast", "").isBlank()) {
            all.add(Map.of(
                    "orders",
                    Map.of(
                            "atLeast",
                            number(form, "ordersAtLeast", 1),
                            "withinDays",
                            number(form, "ordersDays", 365))));
        }
        if (!form.getOrDefault("cartIdleMinutes", "").isBlank()) {
            all.add(Map.of("cart", Map.of("idleMinutes", number(form, "cartIdleMinutes", 30))));
        }
        if (all.isEmpty()) {
            all.add(Map.of("identifier", "email"));
        }
        return json.valueToTree(Map.of("all", all));
    }

    private static int number(Map<String, String> form, String field, int otherwise) {
        String value = form.getOrDefault(field, "").strip();
        try {
            return value.isEmpty() ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new org.oneplace.shared.InvalidValueException(field, "'" + value + "' is not a whole number.");
        }
    }

    private static String describeEntry(JsonNode entry) {
        return switch (entry.path("type").asString("")) {
            case "cart_abandoned" ->
                "A cart left alone for " + human(entry.path("after").asString("PT30M"));
            case "replenishment_due" -> entry.path("daysBefore").asInt(3) + " days before the next expected purchase";
            case "order_placed" -> "An order is placed";
            default -> entry.path("type").asString("");
        };
    }

    /** A step of the diagram: its id, what it does in words. */
    record StepLine(String id, String type, String text) {}

    private List<StepLine> describeSteps(JsonNode definition) {
        List<StepLine> lines = new ArrayList<>();
        Map<String, String> templateNames = new LinkedHashMap<>();
        marketing.templates().forEach(t -> templateNames.put(t.id().toString(), t.name()));
        for (JsonNode step : definition.path("steps")) {
            String type = step.path("type").asString("");
            String text = switch (type) {
                case "wait" ->
                    step.has("duration")
                            ? "Wait " + human(step.path("duration").asString(""))
                            : "Wait until " + step.path("until").asString("") + " local time";
                case "send" ->
                    "Send '"
                            + templateNames.getOrDefault(step.path("templateId").asString(""), "?")
                            + "' by the first of "
                            + String.join(
                                    ", ",
                                    step.path("channels")
                                            .valueStream()
                                            .map(JsonNode::asString)
                                            .toList())
                            + " the customer agreed to (" + step.path("purpose").asString("marketing") + ")";
                case "condition" ->
                    "If " + step.path("rule") + " go to " + step.path("then").asString("") + ", else "
                            + step.path("else").asString("");
                case "exit" -> "Exit";
                default -> type;
            };
            lines.add(new StepLine(step.path("id").asString(""), type, text));
        }
        return lines;
    }

    private static String human(String iso) {
        try {
            java.time.Duration d = java.time.Duration.parse(iso);
            if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
                return d.toDays() + (d.toDays() == 1 ? " day" : " days");
            }
            if (d.toHours() > 0 && d.toMinutesPart() == 0) {
                return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
            }
            if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
                return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
            }
            return d.toSeconds() + " seconds";
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
