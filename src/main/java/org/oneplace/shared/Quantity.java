package org.oneplace.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * A number of units on a cart, order, reservation or return line: a whole number from 1 to {@link #MAX}. Read
 * strictly from JSON — {@code 1.5}, {@code "2"}, {@code 1e9} and numbers past the limit are refused with one message
 * a client can act on, never rounded or coerced.
 */
public record Quantity(int value) {

    /** The most units one line may carry. */
    public static final int MAX = 10_000;

    public static final String RULE = "must be a whole number between 1 and " + MAX;

    public Quantity {
        if (value < 1 || value > MAX) {
            throw new InvalidValueException("quantity " + RULE + " (got " + value + ")");
        }
    }

    public static Quantity of(int value) {
        return new Quantity(value);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Quantity fromJson(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidValueException("quantity " + RULE + " (got " + node + ")");
        }
        return new Quantity(node.intValue());
    }

    @JsonValue
    public int value() {
        return value;
    }
}
