package dev.agentfleet.starter.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's client traces its calls only when an OTLP endpoint is configured. */
class ClientTracingTest {

  private final WorkflowClientOptions plain =
      WorkflowClientOptions.newBuilder().setNamespace("default").build();

  @Test
  void without_an_endpoint_the_client_options_are_unchanged() {
    assertThat(ClientTracing.traced(plain, Map.of())).isSameAs(plain);
  }

  @Test
  void with_an_endpoint_the_client_gets_the_tracing_interceptor_and_keeps_its_namespace() {
    WorkflowClientOptions traced =
        ClientTracing.traced(plain, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"));

    assertThat(traced.getInterceptors())
        .singleElement()
        .isInstanceOf(OpenTracingClientInterceptor.class);
    assertThat(traced.getNamespace()).isEqualTo("default");
  }

  @Test
  void a_protocol_this_build_cannot_export_fails_with_what_to_do() {
    assertThatThrownBy(
            () ->
                ClientTracing.traced(
                    plain,
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("4318");
  }
}
