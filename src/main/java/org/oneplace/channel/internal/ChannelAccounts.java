package org.oneplace.channel.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.platform.Wakeups;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Component;

/**
 * The channel accounts as every webhook, send and processed message needs them, read from memory: accounts change
 * rarely and each request read and parsed its account's row. A change committed on any node clears the copy on
 * every node ({@code NOTIFY channel_account}); should a notification be missed, the copy is reloaded at least every
 * {@link #MAX_AGE}, and an unknown account id reloads it (at most once a second, so unknown ids from outside cannot
 * turn every request into a reload).
 */
@Component
public class ChannelAccounts {

    /** The wake-up channel announcing that an account was created or changed. */
    public static final String CHANGED = "channel_account";

    private static final Duration MAX_AGE = Duration.ofMinutes(1);
    private static final long MISS_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();

    private record Snapshot(
            long generation,
            long loadedAt,
            Map<UUID, ChannelAccount> byId,
            Map<ChannelType, List<ChannelAccount>> byType) {}

    private final ChannelRepository repository;
    private final Wakeups wakeups;
    private final AtomicLong generation = new AtomicLong();
    private volatile @Nullable Snapshot snapshot;
    private volatile long lastMissReload = System.nanoTime() - MISS_RELOAD_NANOS;

    ChannelAccounts(ChannelRepository repository, Wakeups wakeups) {
        this.repository = repository;
        this.wakeups = wakeups;
        wakeups.onAnyNode(CHANGED, this::invalidate);
    }

    public Optional<ChannelAccount> find(UUID id) {
        ChannelAccount account = current().byId().get(id);
        long now = System.nanoTime();
        if (account == null && now - lastMissReload >= MISS_RELOAD_NANOS) {
            lastMissReload = now;
            account = load().byId().get(id);
        }
        return Optional.ofNullable(account);
    }

    /** The accounts of one kind, oldest first. */
    public List<ChannelAccount> ofType(ChannelType type) {
        return current().byType().getOrDefault(type, List.of());
    }

    /** Every account, by kind and name. */
    public List<ChannelAccount> all() {
        return current().byId().values().stream()
                .sorted(java.util.Comparator.comparing(
                                (ChannelAccount a) -> a.type().code())
                        .thenComparing(ChannelAccount::name))
                .toList();
    }

    /** To be called in the transaction that created or changed an account: every node reloads after its commit. */
    public void changed() {
        wakeups.afterCommit(CHANGED);
    }

    private void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current != null
                && current.generation() == generation.get()
                && System.nanoTime() - current.loadedAt() < MAX_AGE.toNanos()) {
            return current;
        }
        return load();
    }

    private Snapshot load() {
        long seen = generation.get();
        Map<UUID, ChannelAccount> byId = new LinkedHashMap<>();
        Map<ChannelType, List<ChannelAccount>> byType = new EnumMap<>(ChannelType.class);
        for (ChannelAccount account : repository.everything()) {
            byId.put(account.id(), account);
            byType.computeIfAbsent(account.type(), t -> new ArrayList<>()).add(account);
        }
        byType.replaceAll((type, accounts) -> List.copyOf(accounts));
        Snapshot loaded = new Snapshot(seen, System.nanoTime(), Map.copyOf(byId), byType);
        // a change committed while this was loading must not be hidden behind the older copy
        if (generation.get() == seen) {
            snapshot = loaded;
        }
        return loaded;
    }
}
