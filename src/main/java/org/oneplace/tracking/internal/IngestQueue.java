package org.oneplace.tracking.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.oneplace.customer.Customers;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.platform.Transactions;
import org.oneplace.shared.Uuid7;
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

    private final Customers customers;
    private final EventRepository repository;
    private final Transactions transactions;
    private final TrackingProperties properties;
    private final Clock clock;
    private final List<LinkedBlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    private final Counter stored;
    private final Counter duplicates;
    private final DistributionSummary commitSize;

    IngestQueue(
            Customers customers,
            EventRepository repository,
            Transactions transactions,
            TrackingProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.customers = customers;
        this.repository = repository;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.stored = Counter.builder("oneplace.tracking.events")
                .tag("outcome", "stored")
                .description("Tracked events committed")
                .register(meters);
        this.duplicates = Counter.builder("oneplace.tracking.events")
                .tag("outcome", "duplicate")
                .description("Tracked events dropped because their messageId was seen before")
                .register(meters);
        this.commitSize = DistributionSummary.builder("oneplace.tracking.commit.events")
                .description("Events per shared commit")
                .register(meters);
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
            List<Integer> counts = transactions.retrying(() -> store(batch));
            int total = 0;
            int received = 0;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(counts.get(i));
                total += counts.get(i);
                received += batch.get(i).events().size();
            }
            stored.increment(total);
            duplicates.increment(received - total);
            commitSize.record(received);
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

    /**
     * Stores the events of several requests in the caller's transaction; answers how many each stored. Set-based
     * where it can be: one statement claims the messageIds, one finds who holds every identifier, one locks the
     * known customers, one reads the devices' sessions, two write them, one inserts the events. Only events that
     * create, attach or merge go through identity resolution one by one.
     */
    private List<Integer> store(List<Pending> batch) {
        List<String> messageIds = new ArrayList<>();
        batch.forEach(p -> p.events().forEach(e -> messageIds.add(e.messageId())));
        Set<String> fresh = repository.claimMessageIds(messageIds, clock.instant());
        List<IncomingEvent> events = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Pending pending : batch) {
            int count = 0;
            for (IncomingEvent event : pending.events()) {
                if (fresh.remove(event.messageId())) { // else seen before, in an earlier request or in this one
                    events.add(event);
                    count++;
                }
            }
            counts.add(count);
        }
        if (events.isEmpty()) {
            return counts;
        }

        List<Resolution> resolutions = customers.resolveAll(events.stream()
                .map(e -> new ResolveIdentity(e.identifiers(), e.source(), e.messageId(), e.occurredAt()))
                .toList());
        Map<UUID, UUID> customerOf = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            customerOf.put(events.get(i).id(), resolutions.get(i).customerId());
        }

        customers.recordTraits(events.stream()
                .filter(e -> !e.traits().isEmpty())
                .map(e -> new Customers.TraitWrite(customerOf.get(e.id()), e.traits(), e.occurredAt(), e.source()))
                .toList());
        Map<UUID, UUID> sessionOf = sessions(events, customerOf);
        List<EventRepository.Row> rows = new ArrayList<>(events.size());
        for (IncomingEvent event : events) {
            rows.add(new EventRepository.Row(event, customerOf.get(event.id()), sessionOf.get(event.id())));
        }
        repository.insert(rows);
        return counts;
    }

    /**
     * Places events into their device's sessions: an event within the session timeout of the device's latest
     * session extends it, otherwise it starts a new one. Answers the session of each event, by event id.
     */
    private Map<UUID, UUID> sessions(List<IncomingEvent> events, Map<UUID, UUID> customerOf) {
        Map<String, EventRepository.Session> latest = repository.latestSessions(
                events.stream().map(IncomingEvent::device).distinct().toList());
        Map<UUID, EventRepository.Session> touched = new LinkedHashMap<>();
        Map<UUID, UUID> sessionOf = new HashMap<>();
        Duration timeout = properties.sessionTimeout();
        List<IncomingEvent> byTime = events.stream()
                .sorted(Comparator.comparing(IncomingEvent::occurredAt))
                .toList();
        for (IncomingEvent event : byTime) {
            EventRepository.Session session = latest.get(event.device());
            Instant at = event.occurredAt();
            if (session == null
                    || at.isBefore(session.startedAt.minus(timeout))
                    || at.isAfter(session.lastAt.plus(timeout))) {
                session = new EventRepository.Session(
                        customerOf.get(event.id()),
                        Uuid7.next(),
                        event.device(),
                        event.channel().code(),
                        at,
                        at,
                        0,
                        0,
                        false);
                latest.put(event.device(), session);
            }
            session.count(at, event.pageView());
            touched.put(session.id(), session);
            sessionOf.put(event.id(), session.id());
        }
        repository.writeSessions(touched.values());
        return sessionOf;
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
