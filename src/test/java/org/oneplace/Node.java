package org.oneplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application in a JVM of its own, on the test's classpath, against a given PostgreSQL, as in production: for
 * tests that kill a node ({@code kill -9}) or run several. Its output goes to {@code target/test-logs/<name>.out}.
 */
public final class Node implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String name;

    private Node(Process process, int port, String name) {
        this.process = process;
        this.port = port;
        this.name = name;
    }

    /** Starts a node; {@code settings} are further {@code --name=value} arguments. */
    public static Node start(String jdbc, Path dataDir, String name, String token, List<String> settings)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                // several nodes, the test JVM and PostgreSQL share the machine
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.oneplace.OneplaceApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbc,
                "--spring.datasource.username=postgres",
                "--oneplace.platform.data-dir=" + dataDir,
                "--logging.file.name=target/test-logs/" + name + ".log",
                "--oneplace.staff.bootstrap.api-token=" + token));
        command.addAll(settings);
        Files.createDirectories(Path.of("target", "test-logs"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "test-logs", name + ".out").toFile())
                .start();
        return new Node(process, port, name);
    }

    /** Waits until the node is ready (its readiness probe answers 200) and answers a client for it. */
    public Api ready() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive())
                    .as("the node exited; see target/test-logs/" + name + ".out")
                    .isTrue();
            try {
                HttpResponse<Void> health = client.send(
                        HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return new Api(base());
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the node " + name + " did not become ready within 120 s");
    }

    public String base() {
        return "http://localhost:" + port;
    }

    /** SIGKILL: no shutdown hook, no rollback, no answer. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the node the way a service manager does (SIGTERM), killing it if it has not stopped in 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
