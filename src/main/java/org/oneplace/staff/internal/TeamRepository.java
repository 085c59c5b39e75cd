package org.oneplace.staff.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.staff.Presence;
import org.oneplace.staff.Role;
import org.oneplace.staff.TeamView;
import org.oneplace.staff.UserView;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams, their members and channels, and presence. */
@Repository
public class TeamRepository {

    private static final String TEAM = """
            select t.id, t.name, t.created_at,
                   coalesce((select array_agg(m.user_id order by m.user_id) from team_member m where m.team_id = t.id),
                            '{}') as members,
                   coalesce((select array_agg(c.channel_id order by c.channel_id) from team_channel c
                              where c.team_id = t.id), '{}') as channels
              from team t
            """;

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean insert(UUID id, String name, Instant at) {
        try {
            jdbc.sql("insert into team (id, name, created_at) values (:id, :name, :at)")
                    .param("id", id)
                    .param("name", name)
                    .param("at", utc(at))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public boolean rename(UUID id, String name) {
        try {
            jdbc.sql("update team set name = :name where id = :id")
                    .param("id", id)
                    .param("name", name)
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public List<UUID> unknownUsers(Collection<UUID> ids) {
        return jdbc.sql("select u from unnest(:ids) u where not exists (select 1 from staff_user s where s.id = u)")
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    public List<UUID> channelsOfOtherTeams(UUID teamId, Collection<UUID> channelIds) {
        return jdbc.sql("select channel_id from team_channel where channel_id = any(:ids) and team_id <> :team")
                .param("ids", channelIds.toArray(UUID[]::new))
                .param("team", teamId)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    public void replaceMembers(UUID teamId, Collection<UUID> members) {
        jdbc.sql("delete from team_member where team_id = :team")
                .param("team", teamId)
                .update();
        jdbc.sql(
                        "insert into team_member (team_id, user_id) select :team, u from unnest(:ids) u on conflict do nothing")
                .param("team", teamId)
                .param("ids", members.toArray(UUID[]::new))
                .update();
    }

    public void replaceChannels(UUID teamId, Collection<UUID> channels) {
        jdbc.sql("delete from team_channel where team_id = :team")
                .param("team", teamId)
                .update();
        jdbc.sql("insert into team_channel (team_id, channel_id) select :team, c from unnest(:ids) c"
                        + " on conflict do nothing")
                .param("team", teamId)
                .param("ids", channels.toArray(UUID[]::new))
                .update();
    }

    public Optional<TeamView> find(UUID id) {
        return jdbc.sql(TEAM + " where t.id = :id")
                .param("id", id)
                .query(this::team)
                .optional();
    }

    public List<TeamView> all() {
        return jdbc.sql(TEAM + " order by t.name limit 1000").query(this::team).list();
    }

    public Optional<TeamView> teamOfChannel(UUID channelId) {
        return jdbc.sql(TEAM + " where t.id = (select team_id from team_channel where channel_id = :channel)")
                .param("channel", channelId)
                .query(this::team)
                .optional();
    }

    public List<TeamView> teamsOf(UUID userId) {
        return jdbc.sql(TEAM + " where t.id in (select team_id from team_member where user_id = :user) order by t.name")
                .param("user", userId)
                .query(this::team)
                .list();
    }

    public java.util.Set<UUID> answeredChannels() {
        return new java.util.HashSet<>(jdbc.sql("select channel_id from team_channel")
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list());
    }

    public void savePresence(Presence presence) {
        jdbc.sql("""
                        insert into staff_presence (user_id, status, capacity, updated_at)
                        values (:user, :status, :capacity, :at)
                        on conflict (user_id) do update
                           set status = excluded.status, capacity = excluded.capacity, updated_at = excluded.updated_at
                        """)
                .param("user", presence.userId())
                .param("status", presence.status())
                .param("capacity", presence.capacity())
                .param("at", utc(presence.updatedAt()))
                .update();
    }

    public Optional<Presence> presence(UUID userId) {
        return jdbc.sql("select * from staff_presence where user_id = :user")
                .param("user", userId)
                .query(TeamRepository::presence)
                .optional();
    }

    /** Online, enabled members of a team (or of any team, when {@code teamId} is null). */
    public List<Presence> availableMembers(@Nullable UUID teamId) {
        return jdbc.sql("""
                        select distinct p.* from staff_presence p
                          join staff_user u on u.id = p.user_id and u.enabled
                          join team_member m on m.user_id = p.user_id
                         where p.status = 'online' and (cast(:team as uuid) is null or m.team_id = :team)
                         order by p.user_id
                        """)
                .param("team", teamId)
                .query(TeamRepository::presence)
                .list();
    }

    public List<UserView> supervisors(UUID teamId) {
        return jdbc.sql("""
                        select u.* from staff_user u join team_member m on m.user_id = u.id
                         where m.team_id = :team and u.enabled
                           and (u.roles && array['SUPERVISOR', 'ADMIN']::text[])
                         order by u.email
                        """)
                .param("team", teamId)
                .query((rs, n) -> {
                    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
                    Arrays.stream((String[]) rs.getArray("roles").getArray())
                            .map(Role::valueOf)
                            .forEach(roles::add);
                    return new UserView(
                            rs.getObject("id", UUID.class),
                            rs.getString("email"),
                            rs.getString("display_name"),
                            roles,
                            rs.getBoolean("enabled"),
                            rs.getBoolean("password_reset_required"),
                            instant(rs, "created_at"),
                            instant(rs, "updated_at"));
                })
                .list();
    }

    private static Presence presence(ResultSet rs, int row) throws SQLException {
        return new Presence(
                rs.getObject("user_id", UUID.class),
                rs.getString("status"),
                rs.getInt("capacity"),
                instant(rs, "updated_at"));
    }

    private TeamView team(ResultSet rs, int row) throws SQLException {
        return new TeamView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                uuids(rs, "members"),
                uuids(rs, "channels"),
                instant(rs, "created_at"));
    }

    private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (Object o : (Object[]) rs.getArray(column).getArray()) {
            ids.add((UUID) o);
        }
        return ids;
    }
}
