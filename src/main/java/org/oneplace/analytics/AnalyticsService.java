package org.oneplace.analytics;

import static org.oneplace.analytics.Figures.channel;
import static org.oneplace.analytics.Figures.rate;
import static org.oneplace.analytics.Figures.round;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.analytics.internal.ReportRepository;
import org.oneplace.analytics.internal.ReportRepository.SessionFigures;
import org.oneplace.analytics.internal.RollupRepository.SalesSums;
import org.oneplace.analytics.internal.RollupRepository.SessionSums;
import org.oneplace.analytics.internal.Sessions;
import org.oneplace.marketing.ChannelMessages;
import org.oneplace.marketing.MarketingFigures;
import org.oneplace.routing.RoutingService;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.InvalidValueException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The analytics a manager reads: per-channel figures, transitions between channels, the continuity audit with its
 * examples, a time series, and an overview. Every figure is computed from analytics' own tables (sessions derived
 * from touches) for the sessions that started in the period; the README's "Analytics" section defines each.
 */
@Service
public class AnalyticsService {

    private static final int MAX_DAYS = 400;
    private static final int SLA_SLICE = 5_000;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final ReportRepository reports;
    private final RollupReports rollups;
    private final Sessions sessions;
    private final MarketingFigures marketing;
    private final RoutingService routing;
    private final AnalyticsProperties properties;
    private final Clock clock;

    AnalyticsService(
            ReportRepository reports,
            RollupReports rollups,
            Sessions sessions,
            MarketingFigures marketing,
            RoutingService routing,
            AnalyticsProperties properties,
            Clock clock) {
        this.reports = reports;
        this.rollups = rollups;
        this.sessions = sessions;
        this.marketing = marketing;
        this.routing = routing;
        this.properties = properties;
        this.clock = clock;
    }

    /** A period: {@code from} inclusive, {@code to} exclusive. */
    public record Period(Instant from, Instant to) {}

    /**
     * Reads a period from request parameters: instants ({@code 2026-12-05T08:00:00Z}) or dates ({@code 2026-12-05},
     * whole days in {@code zone}, {@code to} included); by default the last 7 days up to now.
     */
    public Period period(@Nullable String from, @Nullable String to, @Nullable String zone) {
        ZoneId tz = zone(zone);
        Instant end = to == null || to.isBlank() ? clock.instant() : bound("to", to, tz, true);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(7)) : bound("from", from, tz, false);
        if (!start.isBefore(end)) {
            throw new InvalidValueException("from", "'from' must be before 'to'.");
        }
        if (Duration.between(start, end).toDays() > MAX_DAYS) {
            throw new InvalidValueException("to", "A period is at most " + MAX_DAYS + " days long.");
        }
        return new Period(start, end);
    }

    private static ZoneId zone(@Nullable String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            ZoneId id = ZoneId.of(zone);
            // PostgreSQL reads numeric offsets the POSIX way round (+01:00 is west of Greenwich): regions only
            if (id.normalized() instanceof java.time.ZoneOffset offset && offset.getTotalSeconds() != 0) {
                throw new InvalidValueException(
                        "zone", "'" + zone + "' is an offset; use a region such as Europe/Berlin (or UTC).");
            }
            return id;
        } catch (DateTimeException e) {
            throw new InvalidValueException(
                    "zone", "'" + zone + "' is not a time zone; use an IANA name such as" + " Europe/Berlin.");
        }
    }

    private static Instant bound(String field, String value, ZoneId zone, boolean end) {
        try {
            Instant at;
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                at = (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            } else {
                at = Instant.parse(value);
            }
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new InvalidValueException(field, "'" + field + "' must be between the years 1970 and 9999.");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(
                    field, "'" + field + "' must be a date (2026-12-05) or an instant (2026-12-05T08:00:00Z).");
        }
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<ChannelFigures> channels(Period period) {
        Map<String, SessionFigures> bySessions = new HashMap<>();
        reports.sessions(period.from(), period.to(), properties.returningWindow())
                .forEach(f -> bySessions.put(f.channel(), f));
        Map<String, List<SalesSums>> sales = rollups.sales(rollups.span(period));
        List<ChannelFigures> items = new ArrayList<>();
        for (ChannelType channel : ChannelType.values()) {
            String code = channel.code();
            SessionFigures s = bySessions.get(code);
            List<SalesSums> sold = sales.getOrDefault(code, List.of());
            if (s == null && sold.isEmpty()) {
                continue;
            }
            long sessionCount = s == null ? 0 : s.sessions();
            long customerCount = s == null ? 0 : s.customers();
            RollupReports.Sales totals = RollupReports.Sales.of(sold);
            items.add(new ChannelFigures(
                    channel,
                    sessionCount,
                    customerCount,
                    s == null ? 0 : round(s.avgSeconds(), 1),
                    s == null ? 0 : round(s.medianSeconds(), 1),
                    s != null && RollupReports.BOUNCING.contains(channel) ? rate(s.bounces(), sessionCount) : null,
                    s == null ? null : rate(s.converted(), sessionCount),
                    s == null ? null : rate(s.customersConverted(), customerCount),
                    s == null ? null : rate(s.returning(), customerCount),
                    totals.orders(),
                    totals.revenue(),
                    totals.averageOrderValue(),
                    totals.unitsSold(),
                    totals.unitsReturned(),
                    rate(totals.unitsReturned(), totals.unitsSold()),
                    totals.unitsReturnedHere()));
        }
        return new Report<>(period.from(), period.to(), items);
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<Transition> transitions(Period period) {
        return new Report<>(
                period.from(),
                period.to(),
                reports.transitions(period.from(), period.to(), properties.transitionWindow()).stream()
                        .map(t -> new Transition(channel(t.from()), channel(t.to()), t.customers(), t.switches()))
                        .toList());
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<Continuity> continuity(Period period) {
        return new Report<>(
                period.from(),
                period.to(),
                reports.continuity(period.from(), period.to(), properties.switchWindow()).stream()
                        .map(c -> {
                            long carried = c.switches() - c.repeated();
                            return new Continuity(
                                    channel(c.channel()),
                                    channel(c.fromChannel()),
                                    c.switches(),
                                    c.recognised(),
                                    carried,
                                    c.repeated(),
                                    rate(c.recognised(), c.switches()),
                                    rate(carried, c.switches()),
                                    rate(c.repeated(), c.switches()));
                        })
                        .toList());
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<Funnel> funnel(Period period) {
        return new Report<>(
                period.from(),
                period.to(),
                rollups.sessions(period).stream()
                        .filter(f -> f.sessions() > 0)
                        .map(f -> new Funnel(
                                channel(f.channel()),
                                f.sessions(),
                                f.viewed(),
                                f.carted(),
                                f.checkedOut(),
                                f.ordered(),
                                rate(f.carted(), f.viewed()),
                                rate(f.checkedOut(), f.carted()),
                                rate(f.ordered(), f.checkedOut()),
                                dropOff(f)))
                        .toList());
    }

    /** The step that loses the largest share of the sessions that reached the step before it. */
    private static @Nullable String dropOff(SessionSums f) {
        if (f.viewed() == 0) {
            return null;
        }
        long[] reached = {f.viewed(), f.carted(), f.checkedOut(), f.ordered()};
        String[] names = {"viewed", "carted", "checkedOut", "ordered"};
        String worst = null;
        double lost = -1;
        for (int i = 1; i < reached.length; i++) {
            double share = reached[i - 1] == 0 ? 0 : 1 - (double) reached[i] / reached[i - 1];
            if (share > lost) {
                lost = share;
                worst = names[i];
            }
        }
        return worst;
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<ServiceFigures> service(Period period) {
        Map<String, long[]> sla = sla(period);
        return new Report<>(
                period.from(),
                period.to(),
                reports.service(period.from(), period.to()).stream()
                        .map(f -> new ServiceFigures(
                                channel(f.channel()),
                                f.conversations(),
                                f.answered(),
                                round(f.avgFirstResponse(), 1),
                                round(f.medianFirstResponse(), 1),
                                f.resolved(),
                                round(f.avgResolution(), 1),
                                round(f.medianResolution(), 1),
                                f.surveyed(),
                                round(f.csat(), 2),
                                settled(sla, f.channel(), 0),
                                settled(sla, f.channel(), 1),
                                rate(
                                        settled(sla, f.channel(), 0),
                                        settled(sla, f.channel(), 0) + settled(sla, f.channel(), 1)),
                                settled(sla, f.channel(), 2),
                                settled(sla, f.channel(), 3),
                                rate(
                                        settled(sla, f.channel(), 2),
                                        settled(sla, f.channel(), 2) + settled(sla, f.channel(), 3))))
                        .toList());
    }

    /**
     * Per channel: first responses met and breached, resolutions met and breached, of the conversations opened in
     * the period (routing keeps the clocks; it is asked in slices).
     */
    private Map<String, long[]> sla(Period period) {
        Map<UUID, String> opened = reports.opened(period.from(), period.to());
        Map<String, long[]> counts = new HashMap<>();
        List<UUID> ids = List.copyOf(opened.keySet());
        for (int i = 0; i < ids.size(); i += SLA_SLICE) {
            routing.outcomes(ids.subList(i, Math.min(ids.size(), i + SLA_SLICE)))
                    .forEach((id, outcome) -> {
                        long[] c = counts.computeIfAbsent(opened.get(id), k -> new long[4]);
                        count(c, 0, outcome.firstResponse());
                        count(c, 2, outcome.resolution());
                    });
        }
        return counts;
    }

    private static void count(long[] counts, int at, @Nullable String status) {
        if ("met".equals(status)) {
            counts[at]++;
        } else if ("breached".equals(status)) {
            counts[at + 1]++;
        }
    }

    private static long settled(Map<String, long[]> sla, String channel, int which) {
        long[] counts = sla.get(channel);
        return counts == null ? 0 : counts[which];
    }

    /** What marketing sent per channel, and what it brought (orders attributed to its messages). */
    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<ChannelMessages> marketing(Period period) {
        return new Report<>(period.from(), period.to(), marketing.perChannel(period.from(), period.to()));
    }

    /** The switches where customers had to repeat themselves, newest first; optionally into one channel. */
    @PreAuthorize("hasAuthority('analytics:read') and hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public Report<ContinuityExample> examples(Period period, @Nullable ChannelType channel, int limit) {
        return new Report<>(
                period.from(),
                period.to(),
                reports
                        .examples(
                                period.from(),
                                period.to(),
                                properties.switchWindow(),
                                channel == null ? null : channel.code(),
                                limit)
                        .stream()
                        .map(e -> new ContinuityExample(
                                e.customerId(),
                                channel(e.fromChannel()),
                                e.fromStartedAt(),
                                channel(e.channel()),
                                e.startedAt(),
                                e.conversationId(),
                                e.reason(),
                                why(e.reason(), channel(e.fromChannel()), channel(e.channel()))))
                        .toList());
    }

    private static String why(String reason, ChannelType from, ChannelType to) {
        return switch (reason) {
            case "new_conversation" ->
                "A second conversation was opened on " + to.label() + " while the one from " + from.label()
                        + " was still open.";
            case "restated" ->
                "On " + to.label() + " the customer gave an order number or e-mail address already on record, after "
                        + from.label() + ".";
            default ->
                "The customer arrived on " + to.label() + " unrecognised, as a new profile merged later, so the "
                        + from.label() + " history was not in view.";
        };
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public CrossChannel crossChannel(Period period) {
        ReportRepository.Totals totals = reports.totals(period.from(), period.to());
        List<Continuity> audit = continuity(period).items();
        long switches = audit.stream().mapToLong(Continuity::switches).sum();
        long carried = audit.stream().mapToLong(Continuity::carried).sum();
        return new CrossChannel(
                period.from(),
                period.to(),
                totals.sessions(),
                totals.customers(),
                totals.multiChannel(),
                rate(totals.multiChannel(), totals.customers()),
                switches,
                carried,
                switches - carried,
                rate(carried, switches));
    }

    /** Every channel's additive figures, from the rollups (fast for any period, a year included). */
    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Overview overview(Period period) {
        return rollups.overview(period);
    }

    /** Sessions per channel per {@code hour} or {@code day} (days in {@code zone}). */
    @PreAuthorize("hasAuthority('analytics:read')")
    @Transactional(readOnly = true)
    public Report<SeriesPoint> series(Period period, String interval, @Nullable String zone) {
        if (!"hour".equals(interval) && !"day".equals(interval)) {
            throw new InvalidValueException("interval", "'interval' is hour or day.");
        }
        return new Report<>(
                period.from(),
                period.to(),
                reports.series(period.from(), period.to(), interval, zone(zone).getId()).stream()
                        .map(p -> new SeriesPoint(
                                p.at(), channel(p.channel()), p.sessions(), p.customers(), p.converted()))
                        .toList());
    }

    /**
     * Asks for every session to be derived afresh from the touches, and the rollups with them (after a change of
     * definitions); the next run does it, in one pass.
     */
    @PreAuthorize("hasAuthority('analytics:manage')")
    public void rebuild() {
        sessions.rebuild();
    }
}
