package dev.agentfleet.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.worker.config.FleetConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding "the metrics endpoint listens on all interfaces": by default the worker's
 * endpoint answers on loopback only and refuses a connection to the machine's network address;
 * {@code FLEET_METRICS_HOST=0.0.0.0} (what compose sets) opens it to the network.
 */
class MetricsServerBindTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void default_endpoint_binds_loopback_only() throws IOException {
    FleetConfig config = FleetConfig.fromEnv(Map.of());
    assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
    InetAddress network = networkAddress();

    try (MetricsServer server = new MetricsServer(config.metricsHost(), 0, registry, () -> true)) {
      assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(connects(InetAddress.getLoopbackAddress(), server.port())).isTrue();
      assertThatThrownBy(() -> connects(network, server.port()))
          .as("a connection to %s, the machine's network address", network)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void metrics_host_opens_the_endpoint_to_the_network_when_set() throws IOException {
    FleetConfig config = FleetConfig.fromEnv(Map.of("FLEET_METRICS_HOST", "0.0.0.0"));
    InetAddress network = networkAddress();

    try (MetricsServer server = new MetricsServer(config.metricsHost(), 0, registry, () -> true)) {
      assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
      assertThat(connects(network, server.port())).isTrue();
    }
  }

  @Test
  void metrics_host_that_is_not_an_address_names_the_variable() {
    assertThatThrownBy(() -> FleetConfig.fromEnv(Map.of("FLEET_METRICS_HOST", "0.0.0.0/0; rm")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_METRICS_HOST")
        .hasMessageContaining("0.0.0.0/0; rm");
  }

  private static boolean connects(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return socket.isConnected();
    }
  }

  /** An IPv4 address of this machine that is not loopback: what another host would connect to. */
  private static InetAddress networkAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(MetricsServerBindTest::up)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "this machine has no non-loopback IPv4 address to test the binding against"));
  }

  private static boolean up(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
