package dev.agentfleet.starter.connection;

import dev.agentfleet.starter.FleetException;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Traces of the CLI's and the admin page's Temporal calls (start, signal, query), joined to the
 * workers' traces through Temporal headers: the same switch and variables as the worker's tracing.
 * Off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is
 * set; then the OpenTelemetry SDK is configured from the {@code OTEL_*} variables and exports OTLP
 * over HTTP, flushing at exit.
 */
final class ClientTracing {

  private ClientTracing() {}

  /** {@code options} with the tracing interceptor added when the environment turns tracing on. */
  static WorkflowClientOptions traced(WorkflowClientOptions options, Map<String, String> env) {
    if (blank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
            && blank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
        || "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
      return options;
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "agent-fleet-cli");
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
    OpenTelemetrySdk sdk;
    try {
      // The SDK's own shutdown hook flushes the spans when the CLI exits.
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(config -> fromEnv)
              .build()
              .getOpenTelemetrySdk();
    } catch (RuntimeException e) {
      throw new FleetException(
          "tracing: the OTEL_* variables do not configure OpenTelemetry ("
              + rootMessage(e)
              + ") — point OTEL_EXPORTER_OTLP_ENDPOINT at a collector's OTLP/HTTP port (4318),"
              + " or unset it to run without tracing");
    }
    OpenTracingOptions tracing =
        OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(sdk)).build();
    return WorkflowClientOptions.newBuilder(options)
        .setInterceptors(new OpenTracingClientInterceptor(tracing))
        .build();
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
