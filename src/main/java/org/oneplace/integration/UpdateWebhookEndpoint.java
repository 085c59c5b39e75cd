package org.oneplace.integration;

import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Changes an endpoint; what is not given stays. Enabling a disabled endpoint clears why it was disabled. */
public record UpdateWebhookEndpoint(
        @Nullable @Size(max = 2000) String url,
        @Nullable @Size(min = 1, max = 50) List<String> events,
        @Nullable @Size(max = 500) String description,
        @Nullable Boolean enabled) {}
