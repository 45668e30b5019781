package dev.agentfleet.activities.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

  @Test
  void an_empty_environment_gives_the_defaults() {
    ConnectorConfig config = ConnectorConfig.fromEnv(Map.of());

    assertThat(config.httpUrl()).isNull();
    assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void reads_the_url_and_the_timeout() {
    ConnectorConfig config =
        ConnectorConfig.fromEnv(
            Map.of(
                "FLEET_HTTP_CONNECTOR_URL", " https://hooks.example.com/fleet ",
                "FLEET_HTTP_CONNECTOR_TIMEOUT", "PT2S"));

    assertThat(config.httpUrl()).isEqualTo("https://hooks.example.com/fleet");
    assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConnectorConfig.fromEnv(Map.of("FLEET_HTTP_CONNECTOR_TIMEOUT", "3")).httpTimeout())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void malformed_values_fail_with_the_variable_name() {
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("FLEET_REFUND_AUTO_LIMIT", "50")))
        .as("the refund limit moved to config/policies.yaml; a leftover variable is not ignored")
        .hasMessageContaining("FLEET_REFUND_AUTO_LIMIT")
        .hasMessageContaining("config/policies.yaml");
    assertThatThrownBy(
            () -> ConnectorConfig.fromEnv(Map.of("FLEET_HTTP_CONNECTOR_URL", "ftp://example.com")))
        .hasMessageContaining("FLEET_HTTP_CONNECTOR_URL");
    assertThatThrownBy(
            () -> ConnectorConfig.fromEnv(Map.of("FLEET_HTTP_CONNECTOR_TIMEOUT", "soon")))
        .hasMessageContaining("FLEET_HTTP_CONNECTOR_TIMEOUT");
  }
}
