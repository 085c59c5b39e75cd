package org.oneplace.platform.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server in a persistent data directory.
 *
 * <p>zonky starts PostgreSQL with {@code -F} (fsync off) and {@code synchronous_commit=off}, which would lose
 * acknowledged writes on a crash; {@code durable} turns both back on. After a crash the dead postmaster's
 * {@code postmaster.pid} is left behind and PostgreSQL refuses to start; when no live process owns it, it is
 * removed here (a live owner means another Oneplace is using the directory, which is refused).
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path directory;
    private final boolean durable;

    public EmbeddedDatabase(Path directory, boolean durable) {
        this.directory = directory.toAbsolutePath().normalize();
        this.durable = durable;
    }

    public EmbeddedPostgres start() throws IOException {
        Files.createDirectories(directory);
        removeStaleLock();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // Spring stops the server after everything that uses it; zonky's own hook would kill it first.
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off");
        EmbeddedPostgres postgres = builder.start();
        log.info(
                "Embedded PostgreSQL running on port {} with data in {} ({})",
                postgres.getPort(),
                directory,
                durable ? "durable: fsync and synchronous_commit on" : "NOT durable: fsync off, for tests only");
        return postgres;
    }

    private void removeStaleLock() throws IOException {
        Path lock = directory.resolve("postmaster.pid");
        if (!Files.exists(lock)) {
            return;
        }
        Optional<Long> pid = Files.readAllLines(lock, StandardCharsets.UTF_8).stream()
                .findFirst()
                .map(String::trim)
                .filter(s -> s.matches("\\d+"))
                .map(Long::parseLong);
        Optional<ProcessHandle> owner = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        // A live pid whose command we cannot read counts as a running server: never delete a live lock.
        boolean alive = owner.isPresent()
                && owner.get().info().command().map(c -> c.contains("postgres")).orElse(true);
        if (alive) {
            throw new IllegalStateException("The data directory " + directory
                    + " is in use by a running PostgreSQL (pid " + pid.orElseThrow()
                    + "); is another Oneplace running with the same ONEPLACE_DATA_DIR?");
        }
        log.warn("Removing the stale lock {} left by a PostgreSQL that is no longer running", lock);
        Files.delete(lock);
    }
}
