package org.oneplace.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount of money in minor units (cents for EUR, yen for JPY) of an ISO 4217 currency. Minor units are whole
 * numbers, so an amount never carries more digits than its currency has and nothing is rounded behind anyone's back.
 *
 * @param amount minor units; negative only for refunds and discounts
 * @param currency the ISO 4217 code, upper case
 */
public record Money(long amount, String currency) {

    /**
     * The largest amount a client may give, in minor units (a trillion: ten billion euros). Far beyond any price,
     * and small enough that a line of {@link Quantity#MAX} units, and the sum of many lines, never overflow.
     */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;

    public Money {
        currency = currencyCode(currency);
    }

    @JsonCreator
    static Money of(@JsonProperty("amount") Long amount, @JsonProperty("currency") String currency) {
        if (amount == null) {
            throw new InvalidValueException("amount is required, in minor units (e.g. 12900 for 129.00)");
        }
        if (currency == null) {
            throw new InvalidValueException("currency is required (an ISO 4217 code such as EUR)");
        }
        if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT) {
            throw new InvalidValueException("amount must be between -" + MAX_AMOUNT + " and " + MAX_AMOUNT
                    + " minor units (got " + amount + ")");
        }
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** An ISO 4217 code in upper case; rejects codes that are not a currency of account ({@code XXX}, {@code XAU}). */
    public static String currencyCode(String code) {
        String upper = code.strip().toUpperCase(Locale.ROOT);
        Currency currency;
        try {
            currency = Currency.getInstance(upper);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("'" + code + "' is not an ISO 4217 currency code (e.g. EUR, USD)");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            // XXX (no currency), XAU (gold), XDR (SDR): not something a price is paid in
            throw new InvalidValueException("'" + code + "' is not a currency prices can be paid in");
        }
        return upper;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public Money times(long quantity) {
        return new Money(Math.multiplyExact(amount, quantity), currency);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNegative() {
        return amount < 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new InvalidValueException(
                    "cannot combine amounts in " + currency + " and " + other.currency + " in one total");
        }
    }

    /** For people: {@code 129.00 EUR}. */
    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency;
    }

    /** The amount in major units, as people read it (1999 EUR cents → 19.99). */
    public java.math.BigDecimal toDecimal() {
        return java.math.BigDecimal.valueOf(
                amount, Currency.getInstance(currency).getDefaultFractionDigits());
    }
}
