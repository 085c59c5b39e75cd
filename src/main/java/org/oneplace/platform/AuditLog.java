package org.oneplace.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.internal.AuditRepository;
import org.oneplace.shared.Uuid7;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of sensitive actions: who did what to which object, what it looked like before and
 * after, from where and when. An entry is written in the caller's transaction (it refuses to run without one), so
 * an action and its audit row commit or roll back together. Rows can be read but never changed: there is no API
 * for it and a database trigger refuses UPDATE and DELETE.
 */
@Service
public class AuditLog {

    private final AuditRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(AuditRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records an action by the current principal (or the system when there is none).
     *
     * @param action what happened, as {@code noun.verb}, e.g. {@code user.created}
     * @param objectType the kind of object acted on, e.g. {@code user}
     * @param objectId its id
     * @param before the object before the action, serialised to JSON; null when it did not exist
     * @param after the object after the action; null when it no longer exists
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            String action, String objectType, String objectId, @Nullable Object before, @Nullable Object after) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String actorType = "system";
        String actorId = null;
        String actorName = "system";
        if (authentication != null && authentication.getPrincipal() instanceof AuditActor actor) {
            actorType = actor.actorType();
            actorId = actor.actorId();
            actorName = actor.actorName();
        }
        repository.insert(new AuditEntryView(
                Uuid7.next(),
                clock.instant(),
                actorType,
                actorId,
                actorName,
                action,
                objectType,
                objectId,
                toJson(before),
                toJson(after),
                sourceIp()));
    }

    /** The newest entries first, optionally only those about one object. */
    @Transactional(readOnly = true)
    public List<AuditEntryView> recent(@Nullable String objectType, @Nullable String objectId, int limit) {
        return repository.recent(objectType, objectId, Math.clamp(limit, 1, 500));
    }

    private @Nullable String toJson(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private static @Nullable String sourceIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
