package org.oneplace.tracking.internal;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How far each consumer has read the tracked events: one row per consumer, locked by the node that reads. */
@Repository
public class ConsumerRepository {

    private final JdbcClient jdbc;

    ConsumerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts a consumer at a position, unless it started before. */
    public void startAt(String consumer, long position) {
        jdbc.sql("insert into tracking_consumer (consumer, position) values (:consumer, :position)"
                        + " on conflict do nothing")
                .param("consumer", consumer)
                .param("position", position)
                .update();
    }

    /** The consumer's position, locked; empty while another node holds it. */
    public Optional<Long> lock(String consumer) {
        return jdbc.sql("select position from tracking_consumer where consumer = :consumer for update skip locked")
                .param("consumer", consumer)
                .query(Long.class)
                .optional();
    }

    public void advance(String consumer, long position) {
        jdbc.sql("update tracking_consumer set position = :position where consumer = :consumer")
                .param("consumer", consumer)
                .param("position", position)
                .update();
    }
}
