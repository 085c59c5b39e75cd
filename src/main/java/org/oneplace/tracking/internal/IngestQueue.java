package org.oneplace.tracking.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.platform.Transactions;
import org.oneplace.tracking.TrackingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes tracked events, many requests per commit. A durable commit costs one WAL flush whatever it carries, so
 * requests arriving while a commit is under way wait for the next one and share it: a request is answered only after
 * the commit holding its events, and throughput no longer stops at one flush per request.
 *
 * <p>A few writers run side by side; the requests of one device always go to the same writer, so a device's events
 * and session are written in order. When a shared commit fails for a reason that is not a concurrency conflict (those
 * are retried), its requests are written one by one, so one bad request cannot fail the others.
 */
@Component
public class IngestQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestQueue.class);

    private record Pending(List<IncomingEvent> events, CompletableFuture<Integer> done) {}

    private final CustomerService customers;
    private final EventRepository repository;
    private final Transactions transactions;
    private final TrackingProperties properties;
    private final Clock clock;
    private final List<LinkedBlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    IngestQueue(
            CustomerService customers,
            EventRepository repository,
            Transactions transactions,
            TrackingProperties properties,
            Clock clock) {
        this.customers = customers;
        this.repository = repository;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Queues the events of one request; the future completes with the number of events stored (duplicates by
     * messageId are not stored again) once they are committed, or fails with the reason they are not.
     */
    public CompletableFuture<Integer> submit(List<IncomingEvent> events) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (events.isEmpty()) {
            done.complete(0);
            return done;
        }
        if (!running) {
            done.completeExceptionally(new IllegalStateException("Tracking is shutting down; retry shortly."));
            return done;
        }
        int writer = Math.floorMod(events.getFirst().device().hashCode(), queues.size());
        queues.get(writer).add(new Pending(List.copyOf(events), done));
        return done;
    }

    private void run(LinkedBlockingQueue<Pending> queue) {
        while (running || !queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.events().size();
                while (events < properties.maxBatchEvents()) {
                    Pending next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    events += next.events().size();
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Integer> stored = transactions.retrying(() -> store(batch));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(stored.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.warn("Tracking events could not be stored", e);
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            for (Pending one : batch) {
                write(List.of(one));
            }
        }
    }

    /** Stores the events of several requests in the caller's transaction; answers how many each stored. */
    private List<Integer> store(List<Pending> batch) {
        List<String> messageIds = new ArrayList<>();
        batch.forEach(p -> p.events().forEach(e -> messageIds.add(e.messageId())));
        Set<String> fresh = repository.claimMessageIds(messageIds, clock.instant());
        List<EventRepository.Row> rows = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        Map<String, UUID> resolved = new LinkedHashMap<>();
        for (Pending pending : batch) {
            int count = 0;
            for (IncomingEvent event : pending.events()) {
                if (!fresh.remove(event.messageId())) {
                    continue; // seen before, in an earlier request or earlier in this one
                }
                UUID customerId = resolve(event, resolved);
                if (!event.traits().isEmpty()) {
                    customers.recordTraits(customerId, event.traits(), event.occurredAt(), event.source());
                }
                UUID session = repository.session(
                        customerId,
                        event.device(),
                        event.channel().code(),
                        event.occurredAt(),
                        event.pageView(),
                        properties.sessionTimeout());
                rows.add(new EventRepository.Row(event, customerId, session));
                count++;
            }
            counts.add(count);
        }
        repository.insert(rows);
        return counts;
    }

    /**
     * Resolves an event's identifiers. Within one commit, a device already resolved with the same identifiers
     * needs no second lookup (its customer is locked by this transaction until it commits).
     */
    private UUID resolve(IncomingEvent event, Map<String, UUID> resolved) {
        String key = event.identifiers().toString();
        UUID known = resolved.get(key);
        if (known != null) {
            return known;
        }
        var resolution = customers.resolve(
                new ResolveIdentity(event.identifiers(), event.source(), event.messageId(), event.occurredAt()));
        if (!resolution.mergedIds().isEmpty()) {
            resolved.clear(); // a customer resolved earlier in this commit may just have been merged away
        }
        resolved.put(key, resolution.customerId());
        return resolution.customerId();
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < Math.max(1, properties.writers()); i++) {
            LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread writer = Thread.ofPlatform()
                    .name("tracking-writer-" + i)
                    .daemon(true)
                    .start(() -> run(queue));
            writers.add(writer);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        queues.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stops after the web server has drained its requests (they wait for this queue), before the database pool
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
