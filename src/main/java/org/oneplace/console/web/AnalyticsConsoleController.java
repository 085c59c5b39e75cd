package org.oneplace.console.web;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.analytics.AnalyticsService;
import org.oneplace.analytics.AnalyticsService.Period;
import org.oneplace.analytics.ChannelFigures;
import org.oneplace.analytics.Continuity;
import org.oneplace.analytics.ContinuityExample;
import org.oneplace.analytics.CrossChannel;
import org.oneplace.analytics.Funnel;
import org.oneplace.analytics.Report;
import org.oneplace.analytics.SeriesPoint;
import org.oneplace.analytics.ServiceFigures;
import org.oneplace.analytics.Transition;
import org.oneplace.marketing.ChannelMessages;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Csv;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Analytics page, for analysts, supervisors and admins: a date range (compared with the period before it),
 * cards for all channels, the per-channel table, the shopping funnel, sessions over time, the transitions between
 * channels as a Sankey
 * diagram, and the continuity audit with a drill-down to the customers who had to repeat themselves. Numbers come
 * from {@link AnalyticsService}, the same the API answers; the charts are drawn by ECharts from JSON in the page.
 */
@Controller
@RequestMapping("/analytics")
class AnalyticsConsoleController {

    private final AnalyticsService analytics;
    private final JsonMapper json;

    AnalyticsConsoleController(AnalyticsService analytics, JsonMapper json) {
        this.analytics = analytics;
        this.json = json;
    }

    @GetMapping
    String overview(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "false") boolean compare,
            Model model) {
        Period period = period(from, to);
        Period before = new Period(period.from().minus(Duration.between(period.from(), period.to())), period.from());
        CrossChannel overview = analytics.crossChannel(period);
        Report<ChannelFigures> channels = analytics.channels(period);
        Report<Transition> transitions = analytics.transitions(period);
        Report<Continuity> continuity = analytics.continuity(period);
        Report<SeriesPoint> series = analytics.series(period, "day", null);
        model.addAttribute("from", day(period, true));
        model.addAttribute("to", day(period, false));
        model.addAttribute("compare", compare);
        model.addAttribute("overview", overview);
        model.addAttribute("previous", compare ? analytics.crossChannel(before) : null);
        model.addAttribute("channels", channels.items());
        model.addAttribute("continuity", continuity.items());
        model.addAttribute("transitions", transitions.items());
        model.addAttribute("service", analytics.service(period).items());
        model.addAttribute("marketing", analytics.marketing(period).items());
        model.addAttribute(
                "funnel",
                analytics.funnel(period).items().stream()
                        .filter(f -> f.viewed() > 0)
                        .toList());
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("series", series.items());
        charts.put("transitions", transitions.items());
        charts.put("labels", labels());
        // JSON inside a script element: "<" escaped so no value can close the element
        model.addAttribute("chartData", json.writeValueAsString(charts).replace("<", "\\u003c"));
        return "analytics/overview";
    }

    @GetMapping("/examples")
    String examples(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable ChannelType channel,
            Model model) {
        Period period = period(from, to);
        model.addAttribute("from", day(period, true));
        model.addAttribute("to", day(period, false));
        model.addAttribute("channel", channel);
        model.addAttribute("examples", analytics.examples(period, channel, 200).items());
        return "analytics/examples";
    }

    @GetMapping("/{table:channels|transitions|continuity|examples|funnel|service|marketing}.csv")
    ResponseEntity<String> csv(
            @PathVariable String table,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Period period = period(from, to);
        String csv = switch (table) {
            case "channels" ->
                Csv.of(ChannelFigures.class, analytics.channels(period).items());
            case "transitions" ->
                Csv.of(Transition.class, analytics.transitions(period).items());
            case "continuity" ->
                Csv.of(Continuity.class, analytics.continuity(period).items());
            case "funnel" -> Csv.of(Funnel.class, analytics.funnel(period).items());
            case "service" ->
                Csv.of(ServiceFigures.class, analytics.service(period).items());
            case "marketing" ->
                Csv.of(ChannelMessages.class, analytics.marketing(period).items());
            default ->
                Csv.of(
                        ContinuityExample.class,
                        analytics.examples(period, null, 500).items());
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + table + ".csv\"")
                .body(csv);
    }

    /** The period the form gives; by default the last 7 days, today included (days in UTC). */
    private Period period(@Nullable String from, @Nullable String to) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return analytics.period(
                from == null || from.isBlank() ? today.minusDays(6).toString() : from,
                to == null || to.isBlank() ? today.toString() : to,
                "UTC");
    }

    /** The form's dates back from a period: its first day, or its last day (the end is exclusive). */
    private static String day(Period period, boolean first) {
        return (first ? period.from() : period.to().minusSeconds(1))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ChannelType channel : List.of(ChannelType.values())) {
            labels.put(channel.code(), channel.label());
        }
        return labels;
    }
}
