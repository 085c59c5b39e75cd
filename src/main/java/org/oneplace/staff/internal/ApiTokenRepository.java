package org.oneplace.staff.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.staff.ApiTokenView;
import org.oneplace.staff.Permission;
import org.oneplace.staff.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code api_token}. Tokens are looked up by the SHA-256 of their value only. */
@Repository
public class ApiTokenRepository {

    private static final String COLUMNS =
            "id, name, token_hint, scopes, owner_id, created_at, expires_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiTokenView token, String tokenHash) {
        jdbc.sql("""
                        INSERT INTO api_token (id, name, token_hash, token_hint, scopes, owner_id, created_at,
                                               expires_at)
                        VALUES (:id, :name, :hash, :hint, :scopes, :ownerId, :createdAt, :expiresAt)
                        """)
                .param("id", token.id())
                .param("name", token.name())
                .param("hash", tokenHash)
                .param("hint", token.hint())
                .param(
                        "scopes",
                        token.scopes().stream().map(Permission::code).sorted().toArray(String[]::new))
                .param("ownerId", token.ownerId())
                .param("createdAt", at(token.createdAt()))
                .param("expiresAt", at(token.expiresAt()))
                .update();
    }

    public boolean existsByHash(String tokenHash) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_token WHERE token_hash = :hash)")
                .param("hash", tokenHash)
                .query(Boolean.class)
                .single();
    }

    /** A token that may be used, with what is needed of its owner to decide what it may do. */
    public record UsableToken(ApiTokenView token, String ownerEmail, Set<Role> ownerRoles) {}

    /**
     * The token with this hash if it is neither revoked nor expired and its owner is enabled — in one statement,
     * as this runs on every API request.
     */
    public Optional<UsableToken> findUsable(String tokenHash, Instant now) {
        return jdbc.sql("""
                        SELECT t.id, t.name, t.token_hint, t.scopes, t.owner_id, t.created_at, t.expires_at,
                               t.last_used_at, t.revoked_at, u.email AS owner_email, u.roles AS owner_roles
                          FROM api_token t
                          JOIN staff_user u ON u.id = t.owner_id
                         WHERE t.token_hash = :hash
                           AND t.revoked_at IS NULL
                           AND (t.expires_at IS NULL OR t.expires_at > :now)
                           AND u.enabled
                        """)
                .param("hash", tokenHash)
                .param("now", at(now))
                .query((rs, row) -> {
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    Arrays.stream((String[]) rs.getArray("owner_roles").getArray())
                            .map(Role::valueOf)
                            .forEach(roles::add);
                    return new UsableToken(map(rs, row), rs.getString("owner_email"), roles);
                })
                .optional();
    }

    public Optional<ApiTokenView> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = :id")
                .param("id", id)
                .query(ApiTokenRepository::map)
                .optional();
    }

    public List<ApiTokenView> pageAfter(@Nullable UUID cursor, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM api_token
                         WHERE CAST(:cursor AS uuid) IS NULL OR id > :cursor
                         ORDER BY id
                         LIMIT :limit
                        """.formatted(COLUMNS))
                .param("cursor", cursor)
                .param("limit", limit + 1)
                .query(ApiTokenRepository::map)
                .list();
    }

    public void revoke(UUID id, Instant at) {
        jdbc.sql("UPDATE api_token SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .param("id", id)
                .param("at", at(at))
                .update();
    }

    /** Records use, at most once per {@code interval}, so a busy token does not write on every request. */
    public void touch(UUID id, Instant now, Duration interval) {
        jdbc.sql("""
                        UPDATE api_token SET last_used_at = :now
                         WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :threshold)
                        """)
                .param("id", id)
                .param("now", at(now))
                .param("threshold", at(now.minus(interval)))
                .update();
    }

    private static @Nullable OffsetDateTime at(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static ApiTokenView map(ResultSet rs, int row) throws SQLException {
        Set<Permission> scopes = EnumSet.noneOf(Permission.class);
        Arrays.stream((String[]) rs.getArray("scopes").getArray())
                .map(Permission::parse)
                .forEach(scopes::add);
        return new ApiTokenView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("token_hint"),
                scopes,
                rs.getObject("owner_id", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rs, "expires_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"));
    }
}
