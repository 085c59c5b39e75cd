package org.oneplace.marketing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A journey definition (see the README's "Journeys"): where customers enter, the steps they go through, what takes
 * them out.
 *
 * @param entry {@code {type: cart_abandoned, after: "PT30M"}}, {@code {type: order_placed}}
 * @param steps {@code {id, type: wait|send|condition|exit, …}}; a step goes on to the next in the list unless it
 *     branches
 * @param exitOn {@code order_placed}, {@code cart_emptied}, {@code consent_withdrawn}
 * @param reentry {@code after_exit} (default: again once the previous run ended) or {@code never}
 * @param cap at most this many sends of this journey per customer and period, {@code {count, period}}
 */
public record JourneyRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull JsonNode entry,
        @NotNull @Size(min = 1, max = 50) List<JsonNode> steps,
        @Nullable @Size(max = 10) List<String> exitOn,
        @Nullable String reentry,
        MarketingSettings.@Nullable FrequencyCap cap) {}
