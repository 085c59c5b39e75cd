package org.oneplace.analytics;

import static org.oneplace.analytics.Figures.rate;
import static org.oneplace.analytics.Figures.round;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.analytics.AnalyticsService.Period;
import org.oneplace.analytics.internal.RollupRepository;
import org.oneplace.analytics.internal.RollupRepository.SalesSums;
import org.oneplace.analytics.internal.RollupRepository.SessionSums;
import org.oneplace.analytics.internal.RollupRepository.Span;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.springframework.stereotype.Component;

/**
 * The figures read from the rollups: the overview, sales per channel, the funnel. A period is split into whole days
 * (in the business's zone, when its days begin on a UTC hour), whole hours around them, and the ragged edges, which
 * are read from the sessions and touches underneath; so every period is exact and a long one reads a few thousand
 * buckets.
 */
@Component
class RollupReports {

    static final Set<ChannelType> BOUNCING = EnumSet.of(ChannelType.WEB, ChannelType.APP);

    private final RollupRepository rollups;
    private final AnalyticsProperties properties;

    RollupReports(RollupRepository rollups, AnalyticsProperties properties) {
        this.rollups = rollups;
        this.properties = properties;
    }

    /** The period as buckets: see {@link Span}; days in the zone the daily buckets were built in. */
    Span span(Period period) {
        return span(period, ZoneId.of(rollups.zone().orElse(properties.timeZone())));
    }

    static Span span(Period period, ZoneId zone) {
        Instant from = period.from();
        Instant to = period.to();
        Instant h1 = from.truncatedTo(ChronoUnit.HOURS);
        if (h1.isBefore(from)) {
            h1 = h1.plus(Duration.ofHours(1));
        }
        Instant h2 = to.truncatedTo(ChronoUnit.HOURS);
        if (!h1.isBefore(h2)) {
            return new Span(from, to, to, to, to, to);
        }
        LocalDate first = h1.atZone(zone).toLocalDate();
        Instant d1 = first.atStartOfDay(zone).toInstant();
        if (d1.isBefore(h1)) {
            d1 = first.plusDays(1).atStartOfDay(zone).toInstant();
        }
        Instant d2 = h2.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        if (!d1.isBefore(d2) || !onHour(d1) || !onHour(d2)) {
            d1 = h2;
            d2 = h2;
        }
        return new Span(from, h1, d1, d2, h2, to);
    }

    private static boolean onHour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS).equals(at);
    }

    Overview overview(Period period) {
        Span span = span(period);
        Map<String, SessionSums> sessions = new HashMap<>();
        rollups.sessions(span).forEach(s -> sessions.put(s.channel(), s));
        Map<String, List<SalesSums>> sales = sales(span);
        List<ChannelSummary> channels = new ArrayList<>();
        long sessionCount = 0;
        double seconds = 0;
        long converted = 0;
        Map<String, Long> revenue = new HashMap<>();
        for (ChannelType channel : ChannelType.values()) {
            SessionSums s = sessions.get(channel.code());
            List<SalesSums> sold = sales.getOrDefault(channel.code(), List.of());
            if (s == null && sold.isEmpty()) {
                continue;
            }
            long count = s == null ? 0 : s.sessions();
            Sales totals = Sales.of(sold);
            channels.add(new ChannelSummary(
                    channel,
                    count,
                    s == null ? 0 : round(s.seconds() / count, 1),
                    s != null && BOUNCING.contains(channel) ? rate(s.bounces(), count) : null,
                    s == null ? null : rate(s.converted(), count),
                    totals.orders(),
                    totals.revenue(),
                    totals.averageOrderValue(),
                    totals.unitsSold(),
                    totals.unitsReturned(),
                    rate(totals.unitsReturned(), totals.unitsSold()),
                    totals.unitsReturnedHere()));
            sessionCount += count;
            seconds += s == null ? 0 : s.seconds();
            converted += s == null ? 0 : s.converted();
            sold.stream()
                    .filter(x -> !x.currency().isEmpty())
                    .forEach(x -> revenue.merge(x.currency(), x.amount(), Long::sum));
        }
        return new Overview(
                period.from(),
                period.to(),
                sessionCount,
                sessionCount == 0 ? 0 : round(seconds / sessionCount, 1),
                rate(converted, sessionCount),
                channels.stream().mapToLong(ChannelSummary::orders).sum(),
                revenue.entrySet().stream()
                        .map(e -> new Money(e.getValue(), e.getKey()))
                        .sorted(Comparator.comparingLong(Money::amount).reversed())
                        .toList(),
                channels.stream().mapToLong(ChannelSummary::unitsSold).sum(),
                channels.stream().mapToLong(ChannelSummary::unitsReturned).sum(),
                channels);
    }

    /** Sales per channel over the period (orders per currency; returns under currency ''). */
    Map<String, List<SalesSums>> sales(Span span) {
        Map<String, List<SalesSums>> sales = new HashMap<>();
        rollups.sales(span)
                .forEach(x -> sales.computeIfAbsent(x.channel(), k -> new ArrayList<>())
                        .add(x));
        return sales;
    }

    List<SessionSums> sessions(Period period) {
        return rollups.sessions(span(period));
    }

    /** A channel's sales summed: revenue in its largest currency, as the channel table shows it. */
    record Sales(
            long orders,
            @Nullable Money revenue,
            @Nullable Money averageOrderValue,
            long unitsSold,
            long unitsReturned,
            long unitsReturnedHere) {

        static Sales of(List<SalesSums> sold) {
            SalesSums main = sold.stream()
                    .filter(x -> !x.currency().isEmpty())
                    .max(Comparator.comparingLong(SalesSums::amount))
                    .orElse(null);
            return new Sales(
                    sold.stream().mapToLong(SalesSums::orders).sum(),
                    main == null ? null : new Money(main.amount(), main.currency()),
                    main == null || main.orders() == 0
                            ? null
                            : new Money(Math.round((double) main.amount() / main.orders()), main.currency()),
                    sold.stream().mapToLong(SalesSums::unitsSold).sum(),
                    sold.stream().mapToLong(SalesSums::unitsReturned).sum(),
                    sold.stream().mapToLong(SalesSums::unitsReturnedHere).sum());
        }
    }
}
