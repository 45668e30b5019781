package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The CLI run in-process against a repo folder and a Temporal address where nothing listens. */
public final class CliHarness {

  public final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  public CliHarness(Path repo) throws IOException {
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_CONFIG_FILE", repo.resolve("no-such-temporal.toml").toString());
    try (ServerSocket socket = new ServerSocket(0)) {
      env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + socket.getLocalPort());
    }
  }

  public int fleet(String... args) {
    out.reset();
    err.reset();
    return FleetCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  /** A context on this harness's environment that prints nowhere, for building command trees. */
  public FleetContext quietContext() {
    return new FleetContext(
        System.in,
        new PrintStream(java.io.OutputStream.nullOutputStream()),
        new PrintStream(java.io.OutputStream.nullOutputStream()),
        env,
        false);
  }

  public String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  public String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
