package dev.agentfleet.starter.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the cluster's processes, drawn at random below the kernel's ephemeral
 * range (where outgoing connections and port-0 servers take theirs, so a port found free there is
 * the most likely to be taken before it is bound), none twice.
 */
final class ClusterPorts {

  private static final int LOWEST = 20_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private final Set<Integer> taken = new HashSet<>();

  /** Marks a port as used, so it is not handed out. */
  void reserve(int port) {
    taken.add(port);
  }

  int free() {
    int below = ephemeralStart();
    for (int i = 0; i < 500; i++) {
      int port =
          below - LOWEST >= 1_000
              ? ThreadLocalRandom.current().nextInt(LOWEST, below)
              : kernelChoice();
      if (!taken.contains(port) && bindable(port)) {
        taken.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1 after 500 tries");
  }

  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChoice() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }

  private static int ephemeralStart() {
    try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(in.readLine().strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
