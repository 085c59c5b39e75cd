package org.oneplace.channel.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.shared.ChannelType;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Channel accounts; settings and secrets in two columns so that a query for the one never reads the other. */
@Repository
public class ChannelRepository {

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChannelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts an account; false when the type already has an account of that name. */
    public boolean insert(ChannelAccount account, Map<String, String> settings, Map<String, String> secrets) {
        try {
            jdbc.sql("""
                            insert into channel_account (id, type, name, settings, secrets, created_at, updated_at)
                            values (:id, :type, :name, cast(:settings as jsonb), cast(:secrets as jsonb), :at, :at)
                            """)
                    .param("id", account.id())
                    .param("type", account.type().code())
                    .param("name", account.name())
                    .param("settings", json.writeValueAsString(settings))
                    .param("secrets", json.writeValueAsString(secrets))
                    .param("at", utc(account.createdAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public boolean update(UUID id, String name, Map<String, String> settings, Map<String, String> secrets, Instant at) {
        try {
            return jdbc.sql("""
                            update channel_account
                               set name = :name, settings = cast(:settings as jsonb),
                                   secrets = cast(:secrets as jsonb), updated_at = :at
                             where id = :id
                            """)
                            .param("id", id)
                            .param("name", name)
                            .param("settings", json.writeValueAsString(settings))
                            .param("secrets", json.writeValueAsString(secrets))
                            .param("at", utc(at))
                            .update()
                    == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<ChannelAccount> find(UUID id) {
        return jdbc.sql("select * from channel_account where id = :id")
                .param("id", id)
                .query(this::account)
                .optional();
    }

    public List<ChannelAccount> ofType(ChannelType type) {
        return jdbc.sql("select * from channel_account where type = :type order by created_at, id")
                .param("type", type.code())
                .query(this::account)
                .list();
    }

    /** Every account, oldest first (for {@link ChannelAccounts}). */
    public List<ChannelAccount> everything() {
        return jdbc.sql("select * from channel_account order by created_at, id")
                .query(this::account)
                .list();
    }

    public List<ChannelAccount> all() {
        return jdbc.sql("select * from channel_account order by type, name limit 1000")
                .query(this::account)
                .list();
    }

    /** The names of the secrets an account has set, for views. */
    public Map<String, String> publicSettings(UUID id) {
        return jdbc.sql("select settings from channel_account where id = :id")
                .param("id", id)
                .query((rs, n) -> read(rs.getString(1)))
                .optional()
                .orElse(Map.of());
    }

    private ChannelAccount account(ResultSet rs, int row) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>(read(rs.getString("settings")));
        settings.putAll(read(rs.getString("secrets")));
        return new ChannelAccount(
                rs.getObject("id", UUID.class),
                ChannelType.parse(rs.getString("type")),
                rs.getString("name"),
                settings,
                instant(rs, "created_at"));
    }

    private Map<String, String> read(String value) {
        return json.readValue(value, MAP);
    }
}
