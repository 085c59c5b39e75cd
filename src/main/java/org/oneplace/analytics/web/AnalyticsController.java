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
import org.oneplace.analytics.ChannelSummary;
import org.oneplace.analytics.Continuity;
import org.oneplace.analytics.ContinuityExample;
import org.oneplace.analytics.CrossChannel;
import org.oneplace.analytics.Funnel;
import org.oneplace.analytics.Overview;
import org.oneplace.analytics.Report;
import org.oneplace.analytics.SeriesPoint;
import org.oneplace.analytics.ServiceFigures;
import org.oneplace.analytics.Transition;
import org.oneplace.marketing.ChannelMessages;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Csv;
import org.springdoc.core.annotations.ParameterObject;
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
 * {@code zone}) and answers JSON, or CSV with {@code Accept: text/csv} (the same handler's answer, one row per item).
 */
@RestController
@Validated
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
class AnalyticsController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String CSV = "text/csv";

    /**
     * The period every report is asked for, bound from the query parameters.
     *
     * @param from a date ({@code 2026-12-05}) or an instant; by default 7 days before {@code to}
     * @param to a date (included) or an instant (excluded); by default now
     * @param zone the IANA time zone dates are whole days in; UTC by default
     */
    record PeriodQuery(
            @Nullable String from,
            @Nullable String to,
            @Nullable String zone) {}

    private final AnalyticsService analytics;

    AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    private Period period(PeriodQuery query) {
        return analytics.period(query.from(), query.to(), query.zone());
    }

    @GetMapping(value = "/channels", produces = JSON)
    @Operation(
            summary = "Per channel: sessions, length, bounces, conversion, returning customers, orders, returns"
                    + " (needs analytics:read)")
    Report<ChannelFigures> channels(@ParameterObject PeriodQuery query) {
        return analytics.channels(period(query));
    }

    @GetMapping(value = "/channels", produces = CSV)
    ResponseEntity<String> channelsCsv(@ParameterObject PeriodQuery query) {
        return csv("channels", ChannelFigures.class, channels(query));
    }

    @GetMapping(value = "/transitions", produces = JSON)
    @Operation(summary = "Customers whose next session came on another channel (needs analytics:read)")
    Report<Transition> transitions(@ParameterObject PeriodQuery query) {
        return analytics.transitions(period(query));
    }

    @GetMapping(value = "/transitions", produces = CSV)
    ResponseEntity<String> transitionsCsv(@ParameterObject PeriodQuery query) {
        return csv("transitions", Transition.class, transitions(query));
    }

    @GetMapping(value = "/continuity", produces = JSON)
    @Operation(
            summary = "The continuity audit per channel pair: switches, recognised, carried, repeated"
                    + " (needs analytics:read)")
    Report<Continuity> continuity(@ParameterObject PeriodQuery query) {
        return analytics.continuity(period(query));
    }

    @GetMapping(value = "/continuity", produces = CSV)
    ResponseEntity<String> continuityCsv(@ParameterObject PeriodQuery query) {
        return csv("continuity", Continuity.class, continuity(query));
    }

    @GetMapping(value = "/continuity/examples", produces = JSON)
    @Operation(
            summary = "Switches where customers had to repeat themselves, newest first"
                    + " (needs analytics:read and customers:read)")
    Report<ContinuityExample> examples(
            @ParameterObject PeriodQuery query,
            @RequestParam(required = false) @Nullable ChannelType channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return analytics.examples(period(query), channel, limit);
    }

    @GetMapping(value = "/continuity/examples", produces = CSV)
    ResponseEntity<String> examplesCsv(
            @ParameterObject PeriodQuery query,
            @RequestParam(required = false) @Nullable ChannelType channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return csv("continuity-examples", ContinuityExample.class, examples(query, channel, limit));
    }

    @GetMapping(value = "/funnel", produces = JSON)
    @Operation(
            summary = "Per channel, sessions reaching each step: product viewed, added to cart, checkout, order"
                    + " (needs analytics:read)")
    Report<Funnel> funnel(@ParameterObject PeriodQuery query) {
        return analytics.funnel(period(query));
    }

    @GetMapping(value = "/funnel", produces = CSV)
    ResponseEntity<String> funnelCsv(@ParameterObject PeriodQuery query) {
        return csv("funnel", Funnel.class, funnel(query));
    }

    @GetMapping(value = "/service", produces = JSON)
    @Operation(
            summary = "Per channel: conversations opened, first response and resolution times, CSAT (needs"
                    + " analytics:read)")
    Report<ServiceFigures> service(@ParameterObject PeriodQuery query) {
        return analytics.service(period(query));
    }

    @GetMapping(value = "/service", produces = CSV)
    ResponseEntity<String> serviceCsv(@ParameterObject PeriodQuery query) {
        return csv("service", ServiceFigures.class, service(query));
    }

    @GetMapping(value = "/marketing", produces = JSON)
    @Operation(
            summary = "Per channel: marketing messages sent, delivered, clicked, converted, revenue (needs"
                    + " analytics:read)")
    Report<ChannelMessages> marketing(@ParameterObject PeriodQuery query) {
        return analytics.marketing(period(query));
    }

    @GetMapping(value = "/marketing", produces = CSV)
    ResponseEntity<String> marketingCsv(@ParameterObject PeriodQuery query) {
        return csv("marketing", ChannelMessages.class, marketing(query));
    }

    @GetMapping(value = "/overview", produces = JSON)
    @Operation(
            summary = "Per channel and in total, from the rollups: sessions, length, bounces, conversion, orders,"
                    + " revenue, units sold and returned (needs analytics:read)")
    Overview overview(@ParameterObject PeriodQuery query) {
        return analytics.overview(period(query));
    }

    @GetMapping(value = "/overview", produces = CSV)
    ResponseEntity<String> overviewCsv(@ParameterObject PeriodQuery query) {
        Overview overview = overview(query);
        return csv("overview", ChannelSummary.class, new Report<>(overview.from(), overview.to(), overview.channels()));
    }

    @GetMapping(value = "/cross-channel", produces = JSON)
    @Operation(
            summary = "All channels together: sessions, customers, multi-channel share, context carried"
                    + " (needs analytics:read)")
    CrossChannel crossChannel(@ParameterObject PeriodQuery query) {
        return analytics.crossChannel(period(query));
    }

    @GetMapping(value = "/series", produces = JSON)
    @Operation(summary = "Sessions per channel per hour or day (needs analytics:read)")
    Report<SeriesPoint> series(
            @ParameterObject PeriodQuery query, @RequestParam(defaultValue = "day") String interval) {
        return analytics.series(period(query), interval, query.zone());
    }

    @GetMapping(value = "/series", produces = CSV)
    ResponseEntity<String> seriesCsv(
            @ParameterObject PeriodQuery query, @RequestParam(defaultValue = "day") String interval) {
        return csv("series", SeriesPoint.class, series(query, interval));
    }

    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Derive every session and rollup afresh from the raw touches, at the next run, in the background"
                    + " (needs analytics:manage)")
    Map<String, String> rebuild() {
        analytics.rebuild();
        return Map.of("rebuild", "requested");
    }

    private static <R extends Record> ResponseEntity<String> csv(String name, Class<R> type, Report<R> report) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                .body(Csv.of(type, report.items()));
    }
}
