package org.oneplace.marketing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A one-off send of a template to a segment's members.
 *
 * @param channels in order of preference; each member gets it on the first they agreed to marketing on
 * @param sendAt when; now when absent. The audience is the segment's members at that moment.
 * @param ratePerMinute at most this many sends start per minute (600 when absent)
 */
public record BroadcastRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull UUID segmentId,
        @NotNull UUID templateId,
        @NotEmpty @Size(max = 8) List<@NotNull ChannelType> channels,
        @Nullable Instant sendAt,
        @Nullable @Min(1) @Max(100_000) Integer ratePerMinute) {}
