package org.oneplace.catalog;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.internal.PromotionRepository;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Money;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * The one pricing engine. Web, app, till, an agent's quote in chat and checkout all price lines here, so the same
 * lines with the same codes at the same instant cost the same on every channel.
 *
 * <p>Rules: the unit price is the price book's; on each line the single promotion that takes the most off applies
 * (promotions do not stack; on a tie the older one wins); a percentage is taken off the line total and rounded half
 * to even in minor units; a fixed amount is taken off each unit, never below zero, and only from prices in its own
 * currency. All lines of one quote share one currency.
 */
@Service
@Validated
public class PricingService {

    private final CatalogService catalog;
    private final PromotionRepository promotions;
    private final AuditLog audit;
    private final Clock clock;

    PricingService(CatalogService catalog, PromotionRepository promotions, AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.promotions = promotions;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public PromotionView create(@Valid CreatePromotion command) {
        if (command.type() == PromotionType.PERCENTAGE
                && (command.percentOff() == null || command.amountOff() != null)) {
            throw CatalogException.invalid("A percentage promotion needs 'percentOff' (1–100) and no 'amountOff'.");
        }
        if (command.type() == PromotionType.FIXED
                && (command.amountOff() == null || command.amountOff().amount() <= 0 || command.percentOff() != null)) {
            throw CatalogException.invalid(
                    "A fixed promotion needs 'amountOff' {amount, currency} above zero and no 'percentOff'.");
        }
        if (command.startsAt() != null
                && command.endsAt() != null
                && !command.startsAt().isBefore(command.endsAt())) {
            throw CatalogException.invalid("'startsAt' must be before 'endsAt'.");
        }
        if (command.code() != null && promotions.codeTaken(command.code())) {
            throw CatalogException.codeTaken(command.code());
        }
        if (command.skus() != null && !command.skus().isEmpty()) {
            catalog.requireVariants(command.skus());
        }
        PromotionView promotion = new PromotionView(
                Uuid7.next(),
                command.name().strip(),
                command.type(),
                command.percentOff(),
                command.amountOff(),
                command.skus() == null ? List.of() : List.copyOf(command.skus()),
                command.productIds() == null ? List.of() : List.copyOf(command.productIds()),
                command.categories() == null
                        ? List.of()
                        : command.categories().stream().map(String::strip).toList(),
                command.code(),
                command.startsAt(),
                command.endsAt(),
                true,
                clock.instant());
        promotions.insert(promotion);
        audit.record("promotion.created", "promotion", promotion.id().toString(), null, promotion);
        return promotion;
    }

    @PreAuthorize("hasAuthority('catalog:manage')")
    @Transactional
    public PromotionView end(UUID id) {
        PromotionView before = promotions.find(id).orElseThrow(() -> CatalogException.unknownPromotion(id));
        promotions.end(id);
        audit.record("promotion.ended", "promotion", id.toString(), before, null);
        return promotions.find(id).orElseThrow();
    }

    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public List<PromotionView> promotions(boolean activeOnly) {
        return promotions.all(activeOnly);
    }

    /** A quote for a client (web, app, till, an agent in chat). */
    @PreAuthorize("hasAuthority('catalog:read')")
    @Transactional(readOnly = true)
    public PriceQuote quote(@Valid QuoteRequest request) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        request.lines().forEach(l -> lines.merge(l.sku(), l.quantity().value(), Integer::sum));
        return price(lines, request.codes() == null ? List.of() : request.codes());
    }

    /**
     * Prices lines now (for other modules: cart, order). Quantities of a SKU named twice are added up.
     *
     * @throws CatalogException for an unknown SKU, an invalid code or lines in different currencies
     */
    @Transactional(readOnly = true)
    public PriceQuote price(Map<String, Integer> quantities, List<String> codes) {
        Instant now = clock.instant();
        Map<String, VariantView> variants = catalog.requireVariants(quantities.keySet());
        TreeSet<String> currencies = new TreeSet<>();
        variants.values().forEach(v -> currencies.add(v.price().currency()));
        if (currencies.size() > 1) {
            throw CatalogException.mixedCurrencies(currencies);
        }
        List<String> normalisedCodes = codes.stream()
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .distinct()
                .toList();
        List<PromotionView> running = promotions.running(now, normalisedCodes);
        for (String code : normalisedCodes) {
            if (running.stream().noneMatch(p -> p.code() != null && p.code().equalsIgnoreCase(code))) {
                throw CatalogException.invalidCode(code);
            }
        }
        String currency = currencies.isEmpty() ? "EUR" : currencies.first();
        List<PricedLine> priced = new ArrayList<>();
        Money subtotal = Money.zero(currency);
        Money discount = Money.zero(currency);
        for (var line : quantities.entrySet()) {
            VariantView variant = variants.get(line.getKey());
            Money gross = variant.price().times(line.getValue());
            PromotionView best = null;
            long bestOff = 0;
            for (PromotionView promotion : running) {
                if (!promotion.covers(variant)) {
                    continue;
                }
                long off = discountOf(promotion, variant.price(), line.getValue());
                if (off > bestOff) {
                    best = promotion;
                    bestOff = off;
                }
            }
            Money off = new Money(bestOff, currency);
            priced.add(new PricedLine(
                    variant.sku(),
                    variant.productName(),
                    variant.options(),
                    line.getValue(),
                    variant.price(),
                    off,
                    gross.minus(off),
                    best == null ? null : best.name()));
            subtotal = subtotal.plus(gross);
            discount = discount.plus(off);
        }
        return new PriceQuote(priced, subtotal, discount, subtotal.minus(discount), normalisedCodes, now);
    }

    private static long discountOf(PromotionView promotion, Money unit, int quantity) {
        return switch (promotion.type()) {
            case PERCENTAGE ->
                BigDecimal.valueOf(unit.amount())
                        .multiply(BigDecimal.valueOf(quantity))
                        .multiply(BigDecimal.valueOf(percentOf(promotion)))
                        .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_EVEN)
                        .longValueExact();
            case FIXED -> {
                Money amountOff = promotion.amountOff();
                if (amountOff == null || !amountOff.currency().equals(unit.currency())) {
                    yield 0;
                }
                yield Math.multiplyExact(Math.min(amountOff.amount(), unit.amount()), (long) quantity);
            }
        };
    }

    private static int percentOf(PromotionView promotion) {
        @Nullable Integer percent = promotion.percentOff();
        return percent == null ? 0 : percent;
    }
}
