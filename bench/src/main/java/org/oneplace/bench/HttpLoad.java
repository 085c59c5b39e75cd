package org.oneplace.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** A closed-loop HTTP load generator: {@code concurrency} virtual threads each sending one request after another. */
final class HttpLoad {

    record Result(double perSecond, long ok, long errors, double p50Millis, double p99Millis) {}

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Result run(HttpRequest request, int concurrency, Duration duration) throws InterruptedException {
        return run(() -> request, concurrency, duration);
    }

    /** Like {@link #run(HttpRequest, int, Duration)} with a new request per call (new ids, new bodies). */
    Result run(java.util.function.Supplier<HttpRequest> requests, int concurrency, Duration duration)
            throws InterruptedException {
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            Histogram histogram = new Histogram(3);
            histograms.add(histogram);
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response =
                                client.send(requests.get(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() == 200) {
                            ok.increment();
                            histogram.recordValue((System.nanoTime() - t0) / 1_000);
                        } else {
                            errors.increment();
                        }
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Result(
                ok.sum() / seconds,
                ok.sum(),
                errors.sum(),
                all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0);
    }
}
