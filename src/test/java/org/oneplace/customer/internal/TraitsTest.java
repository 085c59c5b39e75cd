package org.oneplace.customer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TraitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    @Test
    void anOlderWriteArrivingLaterNeverOverwritesANewerOne() {
        Traits traits = Traits.read(JSON, "{}", "{}");
        traits.apply(Map.of("plan", "gold"), T3);
        assertThat(traits.apply(Map.of("plan", "silver", "city", "Lyon"), T1)).isTrue();
        assertThat(traits.values()).containsEntry("plan", "gold").containsEntry("city", "Lyon");
    }

    @Test
    void theSameValueWrittenLaterIsAChangeBecauseItsTimeMoves() {
        Traits traits = Traits.read(JSON, "{\"plan\":\"gold\"}", "{\"plan\":" + T1.toEpochMilli() + "}");
        assertThat(traits.apply(Map.of("plan", "gold"), T3))
                .as("the newer time must be stored")
                .isTrue();
        Traits stored = Traits.read(JSON, traits.valuesJson(JSON), traits.timesJson(JSON));
        stored.apply(Map.of("plan", "silver"), T2);
        assertThat(stored.values()).containsEntry("plan", "gold");
    }

    @Test
    void aNullValueRemovesTheTraitAndConsentsAreNotKept() {
        Traits traits = Traits.read(JSON, "{\"city\":\"Oslo\"}", "{\"city\":" + T1.toEpochMilli() + "}");
        Map<String, Object> writes = new HashMap<>();
        writes.put("city", null);
        writes.put("consents", Map.of("email", Map.of("marketing", true)));
        traits.apply(writes, T2);
        assertThat(traits.values()).isEmpty();
    }

    @Test
    void theNameComesFromNameOrFirstAndLastName() {
        Traits traits = Traits.read(JSON, "{\"firstName\":\"Jo\",\"last_name\":\"Walker\"}", "{}");
        assertThat(traits.name()).isEqualTo("Jo Walker");
        traits.apply(Map.of("name", "Joanna Walker"), T1);
        assertThat(traits.name()).isEqualTo("Joanna Walker");
    }

    @Test
    void aMergeKeepsTheLaterValueOfEachKey() {
        Traits survivor = Traits.read(JSON, "{}", "{}");
        survivor.apply(Map.of("plan", "gold", "city", "Oslo"), T1);
        Traits merged = Traits.read(JSON, "{}", "{}");
        merged.apply(Map.of("plan", "silver"), T2);
        survivor.absorb(merged);
        assertThat(survivor.values()).containsEntry("plan", "silver").containsEntry("city", "Oslo");
    }
}
