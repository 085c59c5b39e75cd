package org.oneplace.staff;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.internal.WriteKeyRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Write keys of tracking sources: created, renamed and revoked by admins; looked up by ingestion. */
@Service
@Validated
public class WriteKeyService {

    private final WriteKeyRepository keys;
    private final AuditLog audit;
    private final Clock clock;

    WriteKeyService(WriteKeyRepository keys, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('write-keys:manage')")
    @Transactional(readOnly = true)
    public Page<WriteKeyView> writeKeys(@Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 1);
        return Page.of(keys.pageAfter(after == null ? null : after.uuid(0), limit), limit, k -> Cursor.of(k.id()));
    }

    @PreAuthorize("hasAuthority('write-keys:manage')")
    @Transactional(readOnly = true)
    public WriteKeyView writeKey(UUID id) {
        return keys.findById(id).orElseThrow(() -> StaffException.unknownWriteKey(id));
    }

    @PreAuthorize("hasAuthority('write-keys:manage')")
    @Transactional
    public WriteKeyView create(@Valid CreateWriteKey command) {
        return issue(command, Secrets.random("wk_", 24));
    }

    @PreAuthorize("hasAuthority('write-keys:manage')")
    @Transactional
    public WriteKeyView rename(UUID id, @Valid UpdateWriteKey command) {
        WriteKeyView before = keys.findById(id).orElseThrow(() -> StaffException.unknownWriteKey(id));
        if (command.name() != null) {
            keys.rename(id, command.name().trim());
        }
        if (command.allowedOrigins() != null) {
            keys.allowOrigins(id, origins(command.allowedOrigins()));
        }
        WriteKeyView after = keys.findById(id).orElseThrow();
        audit.record("write-key.renamed", "write_key", id.toString(), before, after);
        return after;
    }

    @PreAuthorize("hasAuthority('write-keys:manage')")
    @Transactional
    public WriteKeyView revoke(UUID id) {
        WriteKeyView before = keys.findById(id).orElseThrow(() -> StaffException.unknownWriteKey(id));
        if (!before.active()) {
            return before;
        }
        keys.revoke(id, clock.instant());
        WriteKeyView after = keys.findById(id).orElseThrow();
        audit.record("write-key.revoked", "write_key", id.toString(), before, after);
        return after;
    }

    /** The active write key with this value, if any: what tracking ingestion authenticates with. */
    @Transactional(readOnly = true)
    public Optional<WriteKeyView> findActive(String key) {
        return keys.findByKey(key).filter(WriteKeyView::active);
    }

    private static java.util.List<String> origins(java.util.List<String> origins) {
        return origins.stream()
                .map(o -> {
                    if (o == null || o.isBlank()) {
                        throw new org.oneplace.shared.InvalidValueException(
                                "allowedOrigins",
                                "An allowed origin cannot be empty; give origins like https://shop.example.");
                    }
                    return o.strip().toLowerCase(java.util.Locale.ROOT);
                })
                .distinct()
                .toList();
    }

    boolean exists(String key) {
        return keys.findByKey(key).isPresent();
    }

    WriteKeyView issue(CreateWriteKey command, String key) {
        WriteKeyView created = new WriteKeyView(
                Uuid7.next(),
                command.name().trim(),
                key,
                command.source(),
                command.allowedOrigins() == null ? java.util.List.of() : origins(command.allowedOrigins()),
                clock.instant(),
                null);
        keys.insert(created);
        audit.record("write-key.created", "write_key", created.id().toString(), null, created);
        return created;
    }
}
