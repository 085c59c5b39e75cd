package org.oneplace.staff;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renames a write key or changes the browser origins allowed to use it; absent fields stay as they are.
 *
 * @param allowedOrigins the new list; empty allows any origin
 */
public record UpdateWriteKey(
        @Nullable @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,

        @Nullable @Size(max = 50)
        List<@Pattern(regexp = "https?://[^/\\s]+", message = "must be an origin like https://shop.example.com") String>
                allowedOrigins) {}
