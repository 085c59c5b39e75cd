package org.oneplace.staff.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.staff.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code staff_user}. */
@Repository
public class UserRepository {

    private static final String COLUMNS =
            "id, email, display_name, password_hash, roles, enabled, password_reset_required, created_at, updated_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(StoredUser user) {
        jdbc.sql("""
                        INSERT INTO staff_user (id, email, display_name, password_hash, roles, enabled,
                                                password_reset_required, created_at, updated_at)
                        VALUES (:id, :email, :displayName, :passwordHash, :roles, :enabled,
                                :passwordResetRequired, :createdAt, :updatedAt)
                        """)
                .param("id", user.id())
                .param("email", user.email())
                .param("displayName", user.displayName())
                .param("passwordHash", user.passwordHash())
                .param("roles", roleCodes(user.roles()))
                .param("enabled", user.enabled())
                .param("passwordResetRequired", user.passwordResetRequired())
                .param("createdAt", OffsetDateTime.ofInstant(user.createdAt(), ZoneOffset.UTC))
                .param("updatedAt", OffsetDateTime.ofInstant(user.updatedAt(), ZoneOffset.UTC))
                .update();
    }

    public void update(StoredUser user) {
        jdbc.sql("""
                        UPDATE staff_user
                           SET display_name = :displayName, password_hash = :passwordHash, roles = :roles,
                               enabled = :enabled, password_reset_required = :passwordResetRequired,
                               updated_at = :updatedAt
                         WHERE id = :id
                        """)
                .param("id", user.id())
                .param("displayName", user.displayName())
                .param("passwordHash", user.passwordHash())
                .param("roles", roleCodes(user.roles()))
                .param("enabled", user.enabled())
                .param("passwordResetRequired", user.passwordResetRequired())
                .param("updatedAt", OffsetDateTime.ofInstant(user.updatedAt(), ZoneOffset.UTC))
                .update();
    }

    public Optional<StoredUser> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE id = :id")
                .param("id", id)
                .query(UserRepository::map)
                .optional();
    }

    /** Reads the row and locks it until the transaction ends, so concurrent changes to one user serialise. */
    public Optional<StoredUser> lockById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(UserRepository::map)
                .optional();
    }

    public Optional<StoredUser> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE email = :email")
                .param("email", email)
                .query(UserRepository::map)
                .optional();
    }

    /** Users in id (= creation) order after the cursor; fetches {@code limit + 1} to tell if more follow. */
    public List<StoredUser> pageAfter(@Nullable UUID cursor, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM staff_user
                         WHERE CAST(:cursor AS uuid) IS NULL OR id > :cursor
                         ORDER BY id
                         LIMIT :limit
                        """.formatted(COLUMNS))
                .param("cursor", cursor)
                .param("limit", limit + 1)
                .query(UserRepository::map)
                .list();
    }

    /**
     * Locks every enabled admin row and counts them. Taking the locks makes "is this the last admin?" checks
     * safe against two admins demoting each other at the same moment.
     */
    public int lockEnabledAdmins() {
        return jdbc.sql("SELECT id FROM staff_user WHERE enabled AND 'ADMIN' = ANY (roles) ORDER BY id FOR UPDATE")
                .query(UUID.class)
                .list()
                .size();
    }

    /** Serialises bootstrap across nodes for the rest of the transaction. */
    public void lockBootstrap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('oneplace.staff.bootstrap'))")
                .query()
                .singleRow();
    }

    public Optional<StoredUser> anyEnabledAdmin() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM staff_user WHERE enabled AND 'ADMIN' = ANY (roles) ORDER BY id LIMIT 1")
                .query(UserRepository::map)
                .optional();
    }

    public boolean anyUser() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_user)")
                .query(Boolean.class)
                .single();
    }

    private static String[] roleCodes(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toArray(String[]::new);
    }

    private static StoredUser map(ResultSet rs, int row) throws SQLException {
        return new StoredUser(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                roles(rs.getArray("roles")),
                rs.getBoolean("enabled"),
                rs.getBoolean("password_reset_required"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Set<Role> roles(Array array) throws SQLException {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }
}
