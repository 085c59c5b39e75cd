/**
 * The runtime every module stands on: the database (an embedded, durable PostgreSQL under the data directory
 * unless {@code spring.datasource.url} names an external one), RFC 9457 problem details for every error, the
 * request-size guard, the append-only {@link org.oneplace.platform.AuditLog}, and the db-scheduler jobs that
 * keep the event publication log honest (resubmitting failed publications with backoff, purging completed ones).
 *
 * <p>It owns no business data and publishes no events. It deliberately does not own authentication: who may do
 * what belongs to {@code staff}.
 */
@NullMarked
@ApplicationModule(displayName = "Platform", allowedDependencies = "shared")
package org.oneplace.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
