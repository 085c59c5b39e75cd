package org.oneplace.platform;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction of its own and runs it again when PostgreSQL aborted it for a concurrency reason (a
 * deadlock, a serialization failure, a row that changed under a lock) — the transparent retry the identity and
 * stock paths rely on instead of surfacing such errors to clients.
 */
@Component
public class Transactions {

    private static final int ATTEMPTS = 12;

    private final TransactionTemplate template;

    Transactions(PlatformTransactionManager manager) {
        this.template = new TransactionTemplate(manager);
    }

    /**
     * Runs {@code work} in a new transaction, retrying on {@link ConcurrencyFailureException}. Inside an existing
     * transaction it runs once, in that transaction, and a concurrency failure propagates to the outer retry.
     */
    public <T> T retrying(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return template.execute(status -> work.get());
            } catch (ConcurrencyFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Waits a little, growing and jittered, so that the transactions that collided do not collide again. */
    public static void pause(int attempt) {
        long millis = ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a transaction", e);
        }
    }
}
