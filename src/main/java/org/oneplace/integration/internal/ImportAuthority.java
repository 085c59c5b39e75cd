package org.oneplace.integration.internal;

import java.util.List;
import java.util.UUID;
import org.oneplace.platform.AuditActor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who an import acts as while it writes products and stock through their services: the import itself, on behalf of
 * the admin who started it (only {@code imports:run} may), with just the permissions those writes need. The audit log
 * names it, e.g. {@code import 01a2… (owner@example.com)}.
 */
final class ImportAuthority {

    private ImportAuthority() {}

    private record Actor(UUID importId, String by) implements AuditActor {
        @Override
        public String actorType() {
            return "import";
        }

        @Override
        public String actorId() {
            return importId.toString();
        }

        @Override
        public String actorName() {
            return "import " + importId + " (" + by + ")";
        }
    }

    static Authentication of(ImportRepository.Job job) {
        return UsernamePasswordAuthenticationToken.authenticated(
                new Actor(job.view().id(), job.view().createdBy()),
                null,
                List.of(
                        new SimpleGrantedAuthority("catalog:read"),
                        new SimpleGrantedAuthority("catalog:manage"),
                        new SimpleGrantedAuthority("inventory:manage")));
    }
}
