package org.oneplace.marketing.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.BroadcastRequest;
import org.oneplace.marketing.BroadcastService;
import org.oneplace.marketing.BroadcastView;
import org.oneplace.marketing.JourneyRequest;
import org.oneplace.marketing.JourneyView;
import org.oneplace.marketing.MarketingMessageView;
import org.oneplace.marketing.MarketingService;
import org.oneplace.marketing.MarketingSettings;
import org.oneplace.marketing.PreviewRequest;
import org.oneplace.marketing.PreviewView;
import org.oneplace.marketing.SegmentMember;
import org.oneplace.marketing.SegmentRequest;
import org.oneplace.marketing.SegmentService;
import org.oneplace.marketing.SegmentView;
import org.oneplace.marketing.StepReport;
import org.oneplace.marketing.TemplateRequest;
import org.oneplace.marketing.TemplateView;
import org.oneplace.shared.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Marketing")
class MarketingController {

    private final MarketingService marketing;
    private final SegmentService segments;
    private final BroadcastService broadcasts;

    MarketingController(MarketingService marketing, SegmentService segments, BroadcastService broadcasts) {
        this.marketing = marketing;
        this.segments = segments;
        this.broadcasts = broadcasts;
    }

    @GetMapping("/marketing/settings")
    @Operation(summary = "The rules every marketing send obeys (needs marketing:read)")
    MarketingSettings settings() {
        return marketing.settings();
    }

    @PutMapping("/marketing/settings")
    @Operation(summary = "Set the frequency cap, quiet hours, default time zone, attribution window (marketing:manage)")
    MarketingSettings saveSettings(@Valid @RequestBody MarketingSettings settings) {
        return marketing.saveSettings(settings);
    }

    // ---- segments -----------------------------------------------------------------------------------------------

    @PostMapping("/segments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a segment from rules; answers its live count (needs marketing:manage)")
    SegmentView createSegment(@Valid @RequestBody SegmentRequest request) {
        return segments.createSegment(request);
    }

    @GetMapping("/segments")
    @Operation(summary = "Every segment with its live count (needs marketing:read)")
    Map<String, List<SegmentView>> segments() {
        return Map.of("items", segments.segments());
    }

    record CountRequest(@NotNull JsonNode rules) {}

    @PostMapping("/segments/count")
    @Operation(summary = "Count the customers rules select, without saving them (needs marketing:read)")
    Map<String, Long> count(@Valid @RequestBody CountRequest request) {
        return Map.of("count", segments.count(request.rules()));
    }

    @GetMapping("/segments/{id}")
    @Operation(summary = "A segment with its live count (needs marketing:read)")
    SegmentView segment(@PathVariable UUID id) {
        return segments.segment(id);
    }

    @PutMapping("/segments/{id}")
    @Operation(summary = "Change a segment's name or rules (needs marketing:manage)")
    SegmentView updateSegment(@PathVariable UUID id, @Valid @RequestBody SegmentRequest request) {
        return segments.updateSegment(id, request);
    }

    @DeleteMapping("/segments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a segment (needs marketing:manage)")
    void deleteSegment(@PathVariable UUID id) {
        segments.deleteSegment(id);
    }

    @GetMapping("/segments/{id}/members")
    @Operation(summary = "The customers in a segment now, by id (needs marketing:read)")
    Page<SegmentMember> members(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam @Nullable String cursor) {
        return segments.members(id, cursor, limit);
    }

    @GetMapping(value = "/segments/{id}/members", produces = "text/csv")
    @Operation(summary = "The customers in a segment as CSV: customer_id, name, email, phone (needs marketing:read)")
    ResponseEntity<String> membersCsv(@PathVariable UUID id) {
        String csv = segments.membersCsv(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"segment-" + id + ".csv\"")
                .body(csv);
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    @PostMapping("/templates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a Mustache template; a template error is a 422 naming the line (marketing:manage)")
    TemplateView createTemplate(@Valid @RequestBody TemplateRequest request) {
        return marketing.createTemplate(request);
    }

    @GetMapping("/templates")
    @Operation(summary = "Every template (needs marketing:read)")
    Map<String, List<TemplateView>> templates() {
        return Map.of("items", marketing.templates());
    }

    @GetMapping("/templates/{id}")
    @Operation(summary = "A template (needs marketing:read)")
    TemplateView template(@PathVariable UUID id) {
        return marketing.template(id);
    }

    @PutMapping("/templates/{id}")
    @Operation(summary = "Change a template (needs marketing:manage)")
    TemplateView updateTemplate(@PathVariable UUID id, @Valid @RequestBody TemplateRequest request) {
        return marketing.updateTemplate(id, request);
    }

    @PostMapping("/templates/{id}/preview")
    @Operation(summary = "Render a template for a real customer; nothing is sent (needs marketing:read)")
    PreviewView preview(@PathVariable UUID id, @Valid @RequestBody PreviewRequest request) {
        return marketing.preview(id, request);
    }

    // ---- journeys -----------------------------------------------------------------------------------------------

    @PostMapping("/journeys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a journey as a draft (needs marketing:manage)")
    JourneyView createJourney(@Valid @RequestBody JourneyRequest request) {
        return marketing.createJourney(request);
    }

    @GetMapping("/journeys")
    @Operation(summary = "Every journey (needs marketing:read)")
    Map<String, List<JourneyView>> journeys() {
        return Map.of("items", marketing.journeys());
    }

    @GetMapping("/journeys/{id}")
    @Operation(summary = "A journey and its current version (needs marketing:read)")
    JourneyView journey(@PathVariable UUID id) {
        return marketing.journey(id);
    }

    @PutMapping("/journeys/{id}")
    @Operation(summary = "Edit a draft, or add a version to a live journey; runs keep theirs (marketing:manage)")
    JourneyView updateJourney(@PathVariable UUID id, @Valid @RequestBody JourneyRequest request) {
        return marketing.updateJourney(id, request);
    }

    @PostMapping("/journeys/{id}/activate")
    @Operation(summary = "Make a journey live: customers enter it from now on (needs marketing:manage)")
    JourneyView activate(@PathVariable UUID id) {
        return marketing.activate(id);
    }

    @PostMapping("/journeys/{id}/pause")
    @Operation(summary = "Pause a journey: no entries, runs hold where they are (needs marketing:manage)")
    JourneyView pause(@PathVariable UUID id) {
        return marketing.pause(id);
    }

    @GetMapping("/journeys/{id}/report")
    @Operation(summary = "Per step: entered, sent, skipped by reason, clicked, converted, revenue (marketing:read)")
    Map<String, List<StepReport>> report(@PathVariable UUID id) {
        return Map.of("items", marketing.report(id));
    }

    // ---- broadcasts ---------------------------------------------------------------------------------------------

    @PostMapping("/broadcasts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Send a template to a segment's members at sendAt (now when absent), at most ratePerMinute;"
                    + " each under consent, caps and quiet hours (needs marketing:manage)")
    BroadcastView createBroadcast(@Valid @RequestBody BroadcastRequest request) {
        return broadcasts.createBroadcast(request);
    }

    @GetMapping("/broadcasts")
    @Operation(summary = "Every broadcast with its status and counts (needs marketing:read)")
    Map<String, List<BroadcastView>> broadcasts() {
        return Map.of("items", broadcasts.broadcasts());
    }

    @GetMapping("/broadcasts/{id}")
    @Operation(summary = "A broadcast: scheduled, sending, sent or paused, its audience and counts (marketing:read)")
    BroadcastView broadcast(@PathVariable UUID id) {
        return broadcasts.broadcast(id);
    }

    @PostMapping("/broadcasts/{id}/pause")
    @Operation(summary = "Hold a broadcast: nothing more is sent until it is resumed (needs marketing:manage)")
    BroadcastView pauseBroadcast(@PathVariable UUID id) {
        return broadcasts.pause(id);
    }

    @PostMapping("/broadcasts/{id}/resume")
    @Operation(summary = "Resume a held broadcast (needs marketing:manage)")
    BroadcastView resumeBroadcast(@PathVariable UUID id) {
        return broadcasts.resume(id);
    }

    @GetMapping("/customers/{id}/marketing-messages")
    @Operation(summary = "What marketing sent a customer, skipped or deferred, and why (customers:read)")
    Page<MarketingMessageView> messages(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam @Nullable String cursor) {
        return marketing.messages(id, cursor, limit);
    }
}
