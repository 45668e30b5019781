package dev.agentfleet.worker.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces across the client, the workflows and the activities: Temporal's tracing
 * interceptors (the {@code temporal-opentracing} module, over the OpenTelemetry OpenTracing shim)
 * start a span for each client call, workflow run, signal, query and activity, and carry the trace
 * context in Temporal headers, so the CLI's start, the run and each of its activities are one trace
 * whichever worker runs them.
 *
 * <p>Off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT})
 * is set: then the OpenTelemetry SDK is configured from the standard {@code OTEL_*} variables
 * ({@code OTEL_SERVICE_NAME}, {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_TRACES_SAMPLER}, ...)
 * and exports OTLP over HTTP ({@code http/protobuf}, port 4318 on a collector). Off means no
 * interceptor at all, so no tracing overhead. Metrics and logs stay with Prometheus and the log
 * output; this exports traces only. Spans carry Temporal's ids (workflow id, run id, activity id),
 * never payloads.
 */
public final class FleetTracing implements AutoCloseable {

  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

  private static final FleetTracing OFF = new FleetTracing(null, null, "nowhere");

  private final OpenTracingOptions options;
  private final OpenTelemetrySdk sdk;
  private final String destination;

  private FleetTracing(OpenTracingOptions options, OpenTelemetrySdk sdk, String destination) {
    this.options = options;
    this.sdk = sdk;
    this.destination = destination;
  }

  /** No tracing: no interceptors. */
  public static FleetTracing off() {
    return OFF;
  }

  /**
   * Traces into an OpenTelemetry instance the caller configured and closes; its propagators must
   * include W3C trace context, or spans do not join across the client, workflow and activities.
   */
  public static FleetTracing over(OpenTelemetry openTelemetry) {
    return new FleetTracing(options(openTelemetry), null, "the caller's OpenTelemetry");
  }

  /**
   * Tracing as the environment says: off without an OTLP endpoint; otherwise an OpenTelemetry SDK
   * configured from the {@code OTEL_*} variables, named {@code serviceName} unless {@code
   * OTEL_SERVICE_NAME} says otherwise.
   *
   * @throws IllegalArgumentException when the {@code OTEL_*} variables do not make a valid setup
   */
  public static FleetTracing fromEnv(Map<String, String> env, String serviceName) {
    if (blank(env.get(ENDPOINT)) && blank(env.get(TRACES_ENDPOINT))) {
      return OFF;
    }
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
      return OFF;
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", serviceName);
    defaults.put("otel.traces.exporter", "otlp");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    Map<String, String> fromEnv = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_") && value != null) {
            fromEnv.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(config -> fromEnv)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
      String endpoint =
          blank(env.get(TRACES_ENDPOINT)) ? env.get(ENDPOINT) : env.get(TRACES_ENDPOINT);
      return new FleetTracing(options(sdk), sdk, endpoint.strip().replaceFirst("//[^/@]*@", "//"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "tracing: the OTEL_* variables do not configure OpenTelemetry ("
              + rootMessage(e)
              + "); this build exports OTLP over HTTP: point "
              + ENDPOINT
              + " at a collector's HTTP port (4318) and leave OTEL_EXPORTER_OTLP_PROTOCOL unset"
              + " or http/protobuf, or unset "
              + ENDPOINT
              + " to run without tracing",
          e);
    }
  }

  private static OpenTracingOptions options(OpenTelemetry openTelemetry) {
    return OpenTracingOptions.newBuilder()
        .setTracer(OpenTracingShim.createTracerShim(openTelemetry))
        .build();
  }

  public boolean enabled() {
    return options != null;
  }

  /** Where spans go: the OTLP endpoint without any credentials in it. */
  public String describe() {
    return destination;
  }

  /** The interceptors for a {@code WorkflowClient}: a span per start, signal and query. */
  public List<WorkflowClientInterceptor> clientInterceptors() {
    return enabled() ? List.of(new OpenTracingClientInterceptor(options)) : List.of();
  }

  /** The interceptors for a {@code WorkerFactory}: a span per workflow run and activity. */
  public List<WorkerInterceptor> workerInterceptors() {
    return enabled() ? List.of(new OpenTracingWorkerInterceptor(options)) : List.of();
  }

  /** Flushes the spans still buffered and stops exporting (bounded to a few seconds). */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
