package dev.agentfleet.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers started by the tests.
 *
 * <p>A port is probed free and its probe socket closed before the server binds it, so something
 * else may take it in between. The kernel hands out ports from its ephemeral range to every
 * outgoing connection and to every server that binds port 0 (the Temporal dev server picks its own
 * history, matching and worker ports that way), so a port from {@code new ServerSocket(0)} is the
 * most likely to be taken. Ports are therefore drawn at random from below the ephemeral range
 * (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}), where only another listener that picked
 * the same number could collide, and none is handed out twice by this JVM. A server that still
 * finds its port taken must be started again on a fresh one, as {@link TemporalDevServer} does.
 */
final class Ports {

  /** The lowest port drawn: clear of the registered ports most machines run services on. */
  private static final int LOWEST = 20_000;

  /** Where the ephemeral range starts when the kernel does not say (Linux's default). */
  private static final int DEFAULT_EPHEMERAL_START = 32_768;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  static int free() {
    int below = ephemeralStart();
    if (below - LOWEST >= 1_000) {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
        if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
    // an ephemeral range that starts low leaves no room below it: take the kernel's choice
    for (int i = 0; i < 200; i++) {
      int port = kernelChoice();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port after 400 tries");
  }

  /** Whether a server could bind {@code port} now. */
  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChoice() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private static int ephemeralStart() {
    // read by line: procfs reports a size of 0, and a read sized by it may stop short
    try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(in.readLine().strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
