package org.oneplace.marketing.internal;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How far marketing has read the tracked events: one row, locked by the node that reads. */
@Repository
public class EventPositionRepository {

    private final JdbcClient jdbc;

    EventPositionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts reading at a position, unless reading started before. */
    public void startAt(long position) {
        jdbc.sql("insert into marketing_event_position (id, position) values (1, :position) on conflict do nothing")
                .param("position", position)
                .update();
    }

    /** The position, locked; empty while another node holds it. */
    public Optional<Long> lock() {
        return jdbc.sql("select position from marketing_event_position where id = 1 for update skip locked")
                .query(Long.class)
                .optional();
    }

    public void advance(long position) {
        jdbc.sql("update marketing_event_position set position = :position where id = 1")
                .param("position", position)
                .update();
    }
}
