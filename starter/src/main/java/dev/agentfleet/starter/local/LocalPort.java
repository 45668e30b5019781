package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * The ports of the processes {@code ./fleet up} runs: read from settings, probed before a start.
 */
public final class LocalPort {

  private LocalPort() {}

  /**
   * The port a setting names, or {@code fallback} when it is unset.
   *
   * @throws FleetException (usage) when the setting is not a port number
   */
  static int fromEnv(Map<String, String> env, String name, int fallback) {
    String setting = env.get(name);
    if (setting == null || setting.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(setting.trim());
      if (port < 1 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new FleetException(name + "=" + setting + " is not a port number (1 to 65535)", 2);
    }
  }

  /** True when something (not necessarily ours) accepts connections on the port. */
  public static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
