package org.oneplace.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.internal.IdempotencyRepository;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for unsafe requests, with Stripe's semantics: the same key with the same request answers
 * the first answer again (and does nothing again); the same key with a different request is refused (422); two
 * concurrent requests with one key have one effect — the second waits on the first's row and then replays it.
 *
 * <p>The key row is inserted in the same transaction as the effect, so an answer is stored exactly when its effect
 * committed. Only successful answers are stored: a request that failed (validation, a stock conflict, an error)
 * left nothing behind, and a retry with the same key runs again. Keys are scoped to the principal (the API token
 * or user), so one client never sees another's answers, and are kept for {@link #RETENTION}.
 */
@Service
public class IdempotencyKeys {

    /** How long an answer is kept for replay; an older key counts as new. Documented in the README. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyRepository repository;
    private final JsonMapper json;
    private final Transactions transactions;
    private final Clock clock;

    IdempotencyKeys(IdempotencyRepository repository, JsonMapper json, Transactions transactions, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** An answer, as first given or replayed. */
    public record Answer(int status, String body, @Nullable String location, boolean replayed) {}

    /** What {@code work} produced: the body and where the created thing lives. */
    public record Created(Object body, @Nullable String location) {}

    /**
     * Runs {@code work} once per key: in a transaction of its own (retried on deadlocks), storing its answer with
     * the key; or replays the stored answer.
     *
     * @param operation what the key is for, e.g. {@code orders.create}
     * @param request the parsed request; two requests are the same when their JSON forms are equal
     */
    public Answer run(String operation, @Nullable String key, Object request, int status, Supplier<Created> work) {
        String checked = check(operation, key);
        String principal = principal();
        String hash = hash(request);
        return transactions.retrying(() -> {
            Instant now = clock.instant();
            // a key past its retention is treated as new (IDEM-07)
            repository.deleteExpired(principal, operation, checked, now);
            // waits while another transaction holds an uncommitted row for this key, then sees its outcome
            if (!repository.insert(principal, operation, checked, hash, now, now.plus(RETENTION))) {
                return replay(principal, operation, checked, hash);
            }
            Created created = work.get();
            String body = json.writeValueAsString(created.body());
            repository.complete(principal, operation, checked, status, body, created.location());
            return new Answer(status, body, created.location(), false);
        });
    }

    /**
     * Forgets what stored answers said about erased people: every answer mentioning one of these ids (a customer
     * id) is replaced by a note that it was erased. The keys are kept until their retention ends, so a client
     * retrying such a request gets that note as a replay and nothing is done again (issue 12: erasure stays erasure).
     * Runs in the caller's transaction.
     */
    public int forgetAnswersAbout(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return repository.redactMentioning(
                ids,
                json.writeValueAsString(java.util.Map.of(
                        "erased", "This answer was about a person who has since been erased; it is not kept.")));
    }

    /** Deletes keys past their retention; answers how many. */
    public int purgeExpired() {
        return repository.purgeExpired(clock.instant());
    }

    private Answer replay(String principal, String operation, String key, String hash) {
        Optional<IdempotencyRepository.Stored> stored = repository.find(principal, operation, key);
        if (stored.isEmpty()) {
            // the first request rolled back after we waited: nothing is stored, so run as new on the retry
            throw new org.springframework.dao.CannotAcquireLockException("idempotency key released; retry");
        }
        if (!stored.get().hash().equals(hash)) {
            throw new IdempotencyException(
                    DomainException.Reason.UNPROCESSABLE,
                    "Idempotency-Key reused",
                    "Idempotency-Key already used with a different request; use a new key for a new request.");
        }
        return new Answer(
                stored.get().status(), stored.get().body(), stored.get().location(), true);
    }

    private record Stored(
            String hash, int status, String body, @Nullable String location) {}

    private static String check(String operation, @Nullable String key) {
        if (key == null || key.isBlank()) {
            throw new IdempotencyException(
                    DomainException.Reason.INVALID,
                    "Idempotency-Key required",
                    "This request needs an Idempotency-Key header (a unique value such as a UUID, up to "
                            + MAX_KEY_LENGTH + " characters) so that a retry cannot repeat it; see the README,"
                            + " section 'Idempotency'. Operation: " + operation + ".");
        }
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IdempotencyException(
                    DomainException.Reason.INVALID,
                    "Invalid Idempotency-Key",
                    "An Idempotency-Key is 1 to " + MAX_KEY_LENGTH + " visible ASCII characters, e.g. a UUID.");
        }
        return key;
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuditActor actor) {
            return actor.actorType() + ":" + actor.actorId();
        }
        return "system";
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request that broke the idempotency rules. */
    public static final class IdempotencyException extends DomainException {

        IdempotencyException(Reason reason, String title, String detail) {
            super(reason, title, detail);
        }
    }
}
