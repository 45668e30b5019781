package dev.agentfleet.bench.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, so a benchmark's fleet never meets another fleet on this machine. */
final class FreePorts {

  private static final int ATTEMPTS = 50;

  private FreePorts() {}

  /** A port free right now. */
  static int any() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  /**
   * A frontend port whose Web UI port (the port plus 1000, as the dev server and {@code DevServer}
   * place it) is free as well.
   */
  static int withUiPort() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = any();
      if (port + 1000 <= 65535 && free(port + 1000)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "found no free port P with P+1000 free too (for the dev server's Web UI) in "
            + ATTEMPTS
            + " attempts");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
