package org.oneplace.conversation.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.util.List;
import org.oneplace.conversation.CannedReply;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CannedReplyRepository {

    private final JdbcClient jdbc;

    CannedReplyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean insert(CannedReply reply) {
        try {
            jdbc.sql("""
                            insert into canned_reply (id, shortcut, title, content, created_at)
                            values (:id, :shortcut, :title, :content, :at)
                            """)
                    .param("id", reply.id())
                    .param("shortcut", reply.shortcut())
                    .param("title", reply.title())
                    .param("content", reply.content())
                    .param("at", utc(reply.createdAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public List<CannedReply> all() {
        return jdbc.sql("select * from canned_reply order by shortcut limit 1000")
                .query((rs, n) -> new CannedReply(
                        rs.getObject("id", java.util.UUID.class),
                        rs.getString("shortcut"),
                        rs.getString("title"),
                        rs.getString("content"),
                        instant(rs, "created_at")))
                .list();
    }
}
