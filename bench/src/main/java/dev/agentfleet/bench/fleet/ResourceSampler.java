package dev.agentfleet.bench.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the worker's heap and threads once a second while a benchmark runs and keeps the peaks:
 * the JVM's own figures from its {@code /metrics} ({@code jvm_memory_used_bytes{area="heap"}},
 * {@code jvm_threads_live_threads}) when the worker exposes them, and always what Linux reports
 * (resident memory and OS threads of the process).
 */
public final class ResourceSampler implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(1);

  private final long pid;
  private final URI metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-resource-sampler");
            t.setDaemon(true);
            return t;
          });
  private double peakHeapBytes = -1;
  private double peakLiveThreads = -1;
  private long peakRssBytes = -1;
  private int peakOsThreads = -1;
  private int samples;
  private int metricsSamples;

  /** Starts sampling the worker process {@code pid} whose metrics are on {@code metricsPort}. */
  public ResourceSampler(long pid, int metricsPort) {
    this.pid = pid;
    this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    timer.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      ProcStats.memory(pid).ifPresent(this::recordProc);
      String exposition = scrape();
      synchronized (this) {
        samples++;
        if (exposition != null) {
          OptionalDouble heap =
              PrometheusText.sum(exposition, "jvm_memory_used_bytes", "area", "heap");
          OptionalDouble live =
              PrometheusText.sum(exposition, "jvm_threads_live_threads", null, null);
          if (heap.isPresent() || live.isPresent()) {
            metricsSamples++;
          }
          heap.ifPresent(h -> peakHeapBytes = Math.max(peakHeapBytes, h));
          live.ifPresent(t -> peakLiveThreads = Math.max(peakLiveThreads, t));
        }
      }
    } catch (RuntimeException e) {
      // A missed sample is a gap, not a failure: the peaks come from the samples that worked.
    }
  }

  private synchronized void recordProc(ProcStats.Memory memory) {
    peakRssBytes = Math.max(peakRssBytes, memory.rssBytes());
    peakOsThreads = Math.max(peakOsThreads, memory.threads());
  }

  private String scrape() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * The peaks as report figures (absent ones left out) and a note on where they came from.
   *
   * @return figure name to value: {@code workerHeapPeakMb}, {@code workerLiveThreadsPeak} (from
   *     /metrics), {@code workerRssPeakMb}, {@code workerOsThreadsPeak} (from /proc)
   */
  public synchronized Map<String, Object> peaks() {
    Map<String, Object> figures = new LinkedHashMap<>();
    if (peakHeapBytes >= 0) {
      figures.put("workerHeapPeakMb", Math.round(peakHeapBytes / 1e6 * 10) / 10.0);
    }
    if (peakLiveThreads >= 0) {
      figures.put("workerLiveThreadsPeak", (long) peakLiveThreads);
    }
    if (peakRssBytes >= 0) {
      figures.put("workerRssPeakMb", Math.round(peakRssBytes / 1e6 * 10) / 10.0);
    }
    if (peakOsThreads >= 0) {
      figures.put("workerOsThreadsPeak", peakOsThreads);
    }
    return figures;
  }

  /** Says which sources answered, for the report's notes. */
  public synchronized String describe() {
    String jvm =
        metricsSamples > 0
            ? "heap and live threads from the worker's /metrics ("
                + metricsSamples
                + " of "
                + samples
                + " samples)"
            : "the worker's /metrics exposes no jvm_memory_used_bytes / jvm_threads_live_threads"
                + " yet, so heap and live threads are missing";
    String os =
        peakRssBytes >= 0
            ? "resident memory and OS threads from /proc"
            : "no /proc on this system: no resident memory or OS threads";
    return "sampled every " + EVERY.toSeconds() + " s, peaks kept: " + jvm + "; " + os;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
