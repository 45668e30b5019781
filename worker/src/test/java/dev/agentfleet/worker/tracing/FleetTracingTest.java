package dev.agentfleet.worker.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.worker.FleetWorker;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Traces across the client, the workflow and its activity, and when tracing is on at all. */
class FleetTracingTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
    otel.close();
  }

  @Test
  void the_start_the_workflow_run_and_its_activity_are_one_trace() {
    // given a worker and a client with the fleet's tracing interceptors
    FleetTracing tracing = FleetTracing.over(otel);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(FleetWorker.factoryOptions(tracing.workerInterceptors()))
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setInterceptors(
                            tracing.clientInterceptors().toArray(new WorkflowClientInterceptor[0]))
                        .build())
                .build());
    Worker worker = env.newWorker("probe");
    worker.registerWorkflowImplementationTypes(ProbeWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new ProbeWorkflow.Activities());
    env.start();

    // when the client runs the workflow
    String result =
        env.getWorkflowClient()
            .newWorkflowStub(
                ProbeWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("support-triage/T-1")
                    .setTaskQueue("probe")
                    .build())
            .run("support-triage");
    assertThat(result).isEqualTo("done");

    // then the client's start, the workflow run and the activity run share one trace id
    List<SpanData> finished = awaitSpans("RunWorkflow:ProbeWorkflow", "RunActivity:Act");
    assertThat(finished)
        .extracting(SpanData::getName)
        .contains(
            "StartWorkflow:ProbeWorkflow",
            "RunWorkflow:ProbeWorkflow",
            "StartActivity:Act",
            "RunActivity:Act");
    assertThat(finished).extracting(SpanData::getTraceId).containsOnly(traceOf(finished));
    // and spans carry ids, never the activity's payload
    assertThat(finished)
        .flatExtracting(s -> s.getAttributes().asMap().values())
        .noneMatch(v -> String.valueOf(v).contains("customer@example.com"));
  }

  @Test
  void is_off_without_an_otlp_endpoint_and_adds_no_interceptor() {
    FleetTracing off = FleetTracing.fromEnv(Map.of("OTEL_SERVICE_NAME", "x"), "agent-fleet-worker");

    assertThat(off.enabled()).isFalse();
    assertThat(off.clientInterceptors()).isEmpty();
    assertThat(off.workerInterceptors()).isEmpty();
    assertThat(
            FleetTracing.fromEnv(
                    Map.of(
                        FleetTracing.ENDPOINT,
                        "http://collector:4318",
                        "OTEL_SDK_DISABLED",
                        "true"),
                    "agent-fleet-worker")
                .enabled())
        .isFalse();
  }

  @Test
  void is_on_with_an_otlp_endpoint_and_never_shows_credentials_in_it() {
    try (FleetTracing on =
        FleetTracing.fromEnv(
            Map.of(FleetTracing.ENDPOINT, "https://user:secret@collector.example:4318"),
            "agent-fleet-worker")) {
      assertThat(on.enabled()).isTrue();
      assertThat(on.clientInterceptors()).hasSize(1);
      assertThat(on.workerInterceptors()).hasSize(1);
      assertThat(on.describe())
          .isEqualTo("https://collector.example:4318")
          .doesNotContain("secret");
    }
  }

  @Test
  void a_setup_the_build_cannot_export_with_is_refused_with_what_to_do() {
    assertThatThrownBy(
            () ->
                FleetTracing.fromEnv(
                    Map.of(
                        FleetTracing.ENDPOINT,
                        "http://collector:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "carrier-pigeon"),
                    "agent-fleet-worker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL")
        .hasMessageContaining("4318");
  }

  private static String traceOf(List<SpanData> finished) {
    return finished.stream()
        .filter(s -> s.getName().startsWith("StartWorkflow"))
        .findFirst()
        .orElseThrow()
        .getTraceId();
  }

  /** Waits, within a deadline, until spans with these names have ended and been exported. */
  private List<SpanData> awaitSpans(String... names) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> finished = spans.getFinishedSpanItems();
      if (finished.stream().map(SpanData::getName).toList().containsAll(List.of(names))) {
        return finished;
      }
      assertThat(System.nanoTime())
          .as("spans %s never ended; have %s", List.of(names), finished)
          .isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
