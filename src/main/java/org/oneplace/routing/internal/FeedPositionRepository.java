package org.oneplace.routing.internal;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where routing stands in the conversation feed. */
@Repository
class FeedPositionRepository {

    private final JdbcClient jdbc;

    FeedPositionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts at {@code position} unless a position is stored already (routing resumes where it stopped). */
    void startAt(long position) {
        jdbc.sql("insert into routing_feed_position (id, position) values (1, :position) on conflict (id) do nothing")
                .param("position", position)
                .update();
    }

    /** The position, locked for this transaction; empty while another node reads (it holds the lock). */
    Optional<Long> lock() {
        return jdbc.sql("select position from routing_feed_position where id = 1 for update skip locked")
                .query(Long.class)
                .optional();
    }

    void advance(long position) {
        jdbc.sql("update routing_feed_position set position = :position where id = 1")
                .param("position", position)
                .update();
    }
}
