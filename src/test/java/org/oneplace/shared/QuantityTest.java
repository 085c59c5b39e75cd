package org.oneplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class QuantityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Line(Quantity quantity) {}

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1.5", "2147483648", "\"1e9\"", "1e9", "\"2\"", "10001", "true", "[1]"})
    void refusesAnythingButAWholeNumberInRange(String raw) {
        assertThatThrownBy(() -> JSON.readValue("{\"quantity\":" + raw + "}", Line.class))
                .isInstanceOf(tools.jackson.databind.exc.ValueInstantiationException.class)
                .hasStackTraceContaining("must be a whole number between 1 and 10000");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10000})
    void readsWholeNumbersInRange(int value) {
        assertThat(JSON.readValue("{\"quantity\":" + value + "}", Line.class)
                        .quantity()
                        .value())
                .isEqualTo(value);
    }
}
