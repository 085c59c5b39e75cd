package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;

/** Which database errors are the request's content (a 400) rather than Oneplace's own doing (a 500). */
class DatabaseErrorsTest {

    @Test
    void aValueTheServerRefusedIsTheRequestsContent() {
        PSQLException server = new PSQLException(
                new ServerErrorMessage("SERROR\0C22021\0Minvalid byte sequence for encoding \"UTF8\": 0x00\0"));
        assertThat(DatabaseErrors.contentRefused(new DataIntegrityViolationException("insert", server)))
                .contains("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void aResultTheDriverCouldNotReadIsNotTheClientsFault() {
        PSQLException driver = new PSQLException(
                "conversion to class java.lang.Double from numeric not supported", PSQLState.DATA_TYPE_MISMATCH);
        assertThat(DatabaseErrors.contentRefused(new DataIntegrityViolationException("select", driver)))
                .isEmpty();
    }
}
