package org.oneplace.integration.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.WebhookEndpointView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code webhook_endpoint}. Secrets are read only by the sender ({@link #secrets}), never into a view. */
@Repository
public class EndpointRepository {

    private final JdbcClient jdbc;

    EndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(WebhookEndpointView endpoint, String secretsJson) {
        jdbc.sql("""
                        insert into webhook_endpoint (id, url, events, description, enabled, secrets, created_at,
                                                      updated_at)
                        values (:id, :url, :events, :description, :enabled, cast(:secrets as jsonb), :at, :at)
                        """)
                .param("id", endpoint.id())
                .param("url", endpoint.url())
                .param("events", endpoint.events().toArray(String[]::new))
                .param("description", endpoint.description())
                .param("enabled", endpoint.enabled())
                .param("secrets", secretsJson)
                .param("at", utc(endpoint.createdAt()))
                .update();
    }

    public Optional<WebhookEndpointView> find(UUID id) {
        return jdbc.sql("select * from webhook_endpoint where id = :id")
                .param("id", id)
                .query(EndpointRepository::view)
                .optional();
    }

    public List<WebhookEndpointView> list() {
        return jdbc.sql("select * from webhook_endpoint order by created_at, id")
                .query(EndpointRepository::view)
                .list();
    }

    /** Saves what a person changed; enabling clears the reason Oneplace disabled it and the failure clock. */
    public void update(
            UUID id, String url, List<String> events, @Nullable String description, boolean enabled, Instant at) {
        jdbc.sql("""
                        update webhook_endpoint
                           set url = :url, events = :events, description = :description, enabled = :enabled,
                               disabled_reason = case when :enabled then null else disabled_reason end,
                               failing_since = case when :enabled and not enabled then null else failing_since end,
                               updated_at = :at
                         where id = :id
                        """)
                .param("id", id)
                .param("url", url)
                .param("events", events.toArray(String[]::new))
                .param("description", description)
                .param("enabled", enabled)
                .param("at", utc(at))
                .update();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from webhook_endpoint where id = :id")
                        .param("id", id)
                        .update()
                == 1;
    }

    /** The signing secrets (JSON, newest first), locked for a rotation when {@code lock}. */
    public Optional<String> secrets(UUID id, boolean lock) {
        return jdbc.sql("select secrets::text from webhook_endpoint where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query(String.class)
                .optional();
    }

    public void secrets(UUID id, String secretsJson, Instant at) {
        jdbc.sql("update webhook_endpoint set secrets = cast(:secrets as jsonb), updated_at = :at where id = :id")
                .param("id", id)
                .param("secrets", secretsJson)
                .param("at", utc(at))
                .update();
    }

    /** A delivery got through: the endpoint answers. */
    public void answered(UUID id) {
        jdbc.sql("update webhook_endpoint set failing_since = null where id = :id and failing_since is not null")
                .param("id", id)
                .update();
    }

    /**
     * A delivery attempt failed: the failure clock starts unless it runs; an endpoint failing since before {@code
     * disableBefore} is disabled with the reason. Answers whether this disabled it.
     */
    public boolean failed(UUID id, Instant at, Instant disableBefore, String reason) {
        jdbc.sql("update webhook_endpoint set failing_since = :at where id = :id and failing_since is null")
                .param("id", id)
                .param("at", utc(at))
                .update();
        return jdbc.sql("""
                        update webhook_endpoint set enabled = false, disabled_reason = :reason, updated_at = :at
                         where id = :id and enabled and failing_since < :before
                        """)
                        .param("id", id)
                        .param("reason", reason)
                        .param("at", utc(at))
                        .param("before", utc(disableBefore))
                        .update()
                == 1;
    }

    private static WebhookEndpointView view(ResultSet rs, int row) throws SQLException {
        return new WebhookEndpointView(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                Arrays.asList((String[]) rs.getArray("events").getArray()),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                nullableInstant(rs, "failing_since"),
                rs.getString("disabled_reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                null);
    }
}
