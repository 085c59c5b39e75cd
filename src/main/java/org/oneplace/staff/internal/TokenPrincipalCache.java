package org.oneplace.staff.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.oneplace.staff.StaffPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers for {@link #TTL} whom a bearer token stands for, so that an API request does not pay a database round
 * trip for its token. Revoking a token or changing a user forgets everything on this node at once and again after
 * the change commits (a request in between could otherwise cache the old state); other nodes follow within the TTL.
 */
@Component
public class TokenPrincipalCache {

    public static final Duration TTL = Duration.ofSeconds(2);
    private static final int MAX_ENTRIES = 50_000;

    private record Entry(Optional<StaffPrincipal> principal, Instant until) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The cached principal of a token hash, or the loaded one (cached until the TTL or the token's expiry, whichever
     * comes first). Unknown tokens are not cached, so guessing cannot fill memory.
     */
    public Optional<StaffPrincipal> get(String hash, Instant now, Supplier<Optional<LoadedPrincipal>> loader) {
        Entry entry = entries.get(hash);
        if (entry != null && entry.until().isAfter(now)) {
            return entry.principal();
        }
        Optional<LoadedPrincipal> loaded = loader.get();
        if (loaded.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            Instant until = now.plus(TTL);
            Instant expires = loaded.get().expiresAt();
            entries.put(
                    hash,
                    new Entry(
                            Optional.of(loaded.get().principal()),
                            expires != null && expires.isBefore(until) ? expires : until));
        }
        return loaded.map(LoadedPrincipal::principal);
    }

    /** A principal as loaded from the database, with the token's expiry. */
    public record LoadedPrincipal(
            StaffPrincipal principal, @Nullable Instant expiresAt) {}

    /** Forgets every cached token now and once more when the current transaction commits. */
    public void forgetAll() {
        entries.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.clear();
                }
            });
        }
    }
}
