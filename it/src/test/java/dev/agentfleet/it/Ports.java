package dev.agentfleet.it;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports for servers started by the tests. */
final class Ports {

  private Ports() {}

  static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
