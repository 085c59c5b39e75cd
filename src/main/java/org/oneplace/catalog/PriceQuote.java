package org.oneplace.catalog;

import java.time.Instant;
import java.util.List;
import org.oneplace.shared.Money;

/** What some lines cost at an instant: the same answer for every channel that asks. */
public record PriceQuote(
        List<PricedLine> lines, Money subtotal, Money discount, Money total, List<String> codes, Instant pricedAt) {}
