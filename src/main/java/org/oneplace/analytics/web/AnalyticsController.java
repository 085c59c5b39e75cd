package org.oneplace.analytics.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.analytics.AnalyticsService;
import org.oneplace.analytics.AnalyticsService.Period;
import org.oneplace.analytics.ChannelFigures;
import org.oneplace.analytics.Continuity;
import org.oneplace.analytics.ContinuityExample;
import org.oneplace.analytics.Funnel;
import org.oneplace.analytics.Overview;
import org.oneplace.analytics.Report;
import org.oneplace.analytics.SeriesPoint;
import org.oneplace.analytics.ServiceFigures;
import org.oneplace.analytics.Transition;
import org.oneplace.marketing.ChannelMessages;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Csv;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The analytics API. Every report takes {@code from} and {@code to} (dates or instants; dates are whole days in
 * {@code zone}) and answers JSON, or CSV with {@code Accept: text/csv}.
 */
@RestController
@Validated
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
class AnalyticsController {

    private static final String CSV = "text/csv";

    private final AnalyticsService analytics;

    AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    private Period period(@Nullable String from, @Nullable String to, @Nullable String zone) {
        return analytics.period(from, to, zone);
    }

    @GetMapping(value = "/channels", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Per channel: sessions, length, bounces, conversion, returning customers, orders, returns"
                    + " (needs analytics:read)")
    Report<ChannelFigures> channels(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.channels(period(from, to, zone));
    }

    @GetMapping(value = "/channels", produces = CSV)
    ResponseEntity<String> channelsCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("channels", ChannelFigures.class, channels(from, to, zone));
    }

    @GetMapping(value = "/transitions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Customers whose next session came on another channel (needs analytics:read)")
    Report<Transition> transitions(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.transitions(period(from, to, zone));
    }

    @GetMapping(value = "/transitions", produces = CSV)
    ResponseEntity<String> transitionsCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("transitions", Transition.class, transitions(from, to, zone));
    }

    @GetMapping(value = "/continuity", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "The continuity audit per channel pair: switches, recognised, carried, repeated"
                    + " (needs analytics:read)")
    Report<Continuity> continuity(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.continuity(period(from, to, zone));
    }

    @GetMapping(value = "/continuity", produces = CSV)
    ResponseEntity<String> continuityCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("continuity", Continuity.class, continuity(from, to, zone));
    }

    @GetMapping(value = "/continuity/examples", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Switches where customers had to repeat themselves, newest first"
                    + " (needs analytics:read and customers:read)")
    Report<ContinuityExample> examples(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) @Nullable ChannelType channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return analytics.examples(period(from, to, zone), channel, limit);
    }

    @GetMapping(value = "/continuity/examples", produces = CSV)
    ResponseEntity<String> examplesCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) @Nullable ChannelType channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return csv("continuity-examples", ContinuityExample.class, examples(from, to, zone, channel, limit));
    }

    @GetMapping(value = "/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Per channel, sessions reaching each step: product viewed, added to cart, checkout, order"
                    + " (needs analytics:read)")
    Report<Funnel> funnel(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.funnel(period(from, to, zone));
    }

    @GetMapping(value = "/funnel", produces = CSV)
    ResponseEntity<String> funnelCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("funnel", Funnel.class, funnel(from, to, zone));
    }

    @GetMapping(value = "/service", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Per channel: conversations opened, first response and resolution times, CSAT (needs"
                    + " analytics:read)")
    Report<ServiceFigures> service(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.service(period(from, to, zone));
    }

    @GetMapping(value = "/service", produces = CSV)
    ResponseEntity<String> serviceCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("service", ServiceFigures.class, service(from, to, zone));
    }

    @GetMapping(value = "/marketing", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Per channel: marketing messages sent, delivered, clicked, converted, revenue (needs"
                    + " analytics:read)")
    Report<ChannelMessages> marketing(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.marketing(period(from, to, zone));
    }

    @GetMapping(value = "/marketing", produces = CSV)
    ResponseEntity<String> marketingCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return csv("marketing", ChannelMessages.class, marketing(from, to, zone));
    }

    @GetMapping(value = "/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "All channels together: sessions, customers, multi-channel share, context carried"
                    + " (needs analytics:read)")
    Overview overview(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone) {
        return analytics.overview(period(from, to, zone));
    }

    @GetMapping(value = "/series", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Sessions per channel per hour or day (needs analytics:read)")
    Report<SeriesPoint> series(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(defaultValue = "day") String interval) {
        return analytics.series(period(from, to, zone), interval, zone);
    }

    @GetMapping(value = "/series", produces = CSV)
    ResponseEntity<String> seriesCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(defaultValue = "day") String interval) {
        return csv("series", SeriesPoint.class, series(from, to, zone, interval));
    }

    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary =
                    "Derive every session afresh from the raw touches, in the background (needs" + " analytics:manage)")
    Map<String, Integer> rebuild() {
        return Map.of("customers", analytics.rebuild());
    }

    private static <R extends Record> ResponseEntity<String> csv(String name, Class<R> type, Report<R> report) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                .body(Csv.of(type, report.items()));
    }
}
