package org.oneplace.marketing.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.MarketingSettings;
import org.oneplace.marketing.SegmentView;
import org.oneplace.marketing.TemplateView;
import org.oneplace.shared.ChannelType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Marketing's definitions: the sending rules, segments and templates. */
@Repository
public class MarketingRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MarketingRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- settings ---------------------------------------------------------------------------------------------

    public MarketingSettings settings() {
        return jdbc.sql("select * from marketing_settings where id = 1")
                .query((rs, n) -> new MarketingSettings(
                        new MarketingSettings.FrequencyCap(
                                rs.getInt("cap_count"), Period.parse(rs.getString("cap_period"))),
                        rs.getString("quiet_from") == null
                                ? null
                                : new MarketingSettings.QuietHours(
                                        rs.getString("quiet_from"), rs.getString("quiet_to")),
                        rs.getString("default_time_zone"),
                        Duration.parse(rs.getString("attribution_window")),
                        Duration.parse(rs.getString("agent_reply_window"))))
                .optional()
                .orElse(MarketingSettings.DEFAULTS);
    }

    public void saveSettings(MarketingSettings settings, Instant now) {
        jdbc.sql("""
                        insert into marketing_settings (id, cap_count, cap_period, quiet_from, quiet_to,
                                                        default_time_zone, attribution_window, agent_reply_window,
                                                        updated_at)
                        values (1, :count, :period, :from, :to, :zone, :attribution, :agent, :now)
                        on conflict (id) do update set cap_count = excluded.cap_count,
                            cap_period = excluded.cap_period, quiet_from = excluded.quiet_from,
                            quiet_to = excluded.quiet_to, default_time_zone = excluded.default_time_zone,
                            attribution_window = excluded.attribution_window,
                            agent_reply_window = excluded.agent_reply_window, updated_at = excluded.updated_at
                        """)
                .param("count", settings.frequencyCap().count())
                .param("period", settings.frequencyCap().period().toString())
                .param(
                        "from",
                        settings.quietHours() == null
                                ? null
                                : settings.quietHours().from())
                .param(
                        "to",
                        settings.quietHours() == null
                                ? null
                                : settings.quietHours().to())
                .param("zone", settings.defaultTimeZone())
                .param("attribution", settings.attributionWindow().toString())
                .param("agent", String.valueOf(settings.agentReplyWindow()))
                .param("now", utc(now))
                .update();
    }

    // ---- segments ---------------------------------------------------------------------------------------------

    /** A stored segment without its count. */
    public record Segment(UUID id, String name, String rules, Instant createdAt, Instant updatedAt) {

        public SegmentView view(JsonMapper json, long count) {
            return new SegmentView(id, name, json.readTree(rules), count, createdAt, updatedAt);
        }
    }

    public void saveSegment(UUID id, String name, String rules, Instant now) {
        jdbc.sql("""
                        insert into marketing_segment (id, name, rules, created_at, updated_at)
                        values (:id, :name, cast(:rules as jsonb), :now, :now)
                        on conflict (id) do update set name = excluded.name, rules = excluded.rules,
                                                       updated_at = excluded.updated_at
                        """)
                .param("id", id)
                .param("name", name)
                .param("rules", rules)
                .param("now", utc(now))
                .update();
    }

    public Optional<Segment> segment(UUID id) {
        return jdbc.sql("select * from marketing_segment where id = :id")
                .param("id", id)
                .query((rs, n) -> new Segment(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("rules"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at")))
                .optional();
    }

    public List<Segment> segments() {
        return jdbc.sql("select * from marketing_segment order by name, id limit 500")
                .query((rs, n) -> new Segment(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("rules"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at")))
                .list();
    }

    public boolean deleteSegment(UUID id) {
        return jdbc.sql("delete from marketing_segment where id = :id")
                        .param("id", id)
                        .update()
                == 1;
    }

    // ---- templates --------------------------------------------------------------------------------------------

    public void saveTemplate(TemplateView template) {
        jdbc.sql("""
                        insert into marketing_template (id, name, channel, locale, subject, body, created_at,
                                                        updated_at)
                        values (:id, :name, :channel, :locale, :subject, :body, :created, :updated)
                        on conflict (id) do update set name = excluded.name, channel = excluded.channel,
                            locale = excluded.locale, subject = excluded.subject, body = excluded.body,
                            updated_at = excluded.updated_at
                        """)
                .param("id", template.id())
                .param("name", template.name())
                .param("channel", template.channel().code())
                .param("locale", template.locale())
                .param("subject", template.subject())
                .param("body", template.body())
                .param("created", utc(template.createdAt()))
                .param("updated", utc(template.updatedAt()))
                .update();
    }

    public Optional<TemplateView> template(UUID id) {
        return jdbc.sql("select * from marketing_template where id = :id")
                .param("id", id)
                .query((rs, n) -> template(rs))
                .optional();
    }

    public List<TemplateView> templates() {
        return jdbc.sql("select * from marketing_template order by name, id limit 500")
                .query((rs, n) -> template(rs))
                .list();
    }

    private static TemplateView template(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TemplateView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                ChannelType.parse(rs.getString("channel")),
                rs.getString("locale"),
                rs.getString("subject"),
                rs.getString("body"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /** Counts a segment's members, or pages through them by id. */
    public long count(org.oneplace.shared.CustomerFilter audience) {
        return jdbc.sql("select count(*) from (" + audience.sql() + ") audience")
                .params(audience.params())
                .query(Long.class)
                .single();
    }

    public List<UUID> members(org.oneplace.shared.CustomerFilter audience, @Nullable UUID after, int limit) {
        return jdbc.sql("select customer_id from (" + audience.sql() + ") audience"
                        + " where cast(:after as uuid) is null or customer_id > cast(:after as uuid)"
                        + " order by customer_id limit :limit")
                .params(audience.params())
                .param("after", after)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    public boolean contains(org.oneplace.shared.CustomerFilter audience, UUID customerId) {
        return jdbc.sql("select exists (select 1 from (" + audience.sql() + ") audience where customer_id = :me)")
                .params(audience.params())
                .param("me", customerId)
                .query(Boolean.class)
                .single();
    }
}
