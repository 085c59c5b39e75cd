package org.oneplace.integration.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.integration.WebhookProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Makes and rotates endpoints' signing secrets (see {@link Signatures}); nothing here logs one. */
@Component
public class WebhookSecrets {

    private final EndpointRepository endpoints;
    private final WebhookProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    WebhookSecrets(EndpointRepository endpoints, WebhookProperties properties, JsonMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    public String fresh() {
        return Signatures.newSecret();
    }

    /** The stored form of a new endpoint's one secret. */
    public String initial(String secret) {
        return Signatures.write(json, List.of(new Signatures.Secret(secret, null)));
    }

    /** Puts a new secret first; the current one signs beside it for the overlap. Answers the new one. */
    public Optional<String> rotate(UUID endpointId) {
        Instant now = clock.instant();
        return endpoints.secrets(endpointId, true).map(stored -> {
            String fresh = Signatures.newSecret();
            List<Signatures.Secret> next = Signatures.rotated(
                    Signatures.read(json, stored), fresh, now, now.plus(properties.rotationOverlap()));
            endpoints.secrets(endpointId, Signatures.write(json, next), now);
            return fresh;
        });
    }
}
