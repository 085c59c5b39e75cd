package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * Creates a write key for a tracking source.
 *
 * @param allowedOrigins browser origins (e.g. {@code https://shop.example.com}) allowed to send events with the key;
 *     empty or absent allows any
 */
public record CreateWriteKey(
        @NotBlank @Size(max = 200) String name,
        @NotNull ChannelType source,

        @Nullable @Size(max = 50)
        List<@Pattern(regexp = "https?://[^/\\s]+", message = "must be an origin like https://shop.example.com") String>
                allowedOrigins) {

    public CreateWriteKey(String name, ChannelType source) {
        this(name, source, List.of());
    }
}
