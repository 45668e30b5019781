package dev.agentfleet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.FleetCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the fleet CLI in-process against the test's Temporal server and fleet home. */
final class Cli {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON (exit " + exit + ", stderr " + err + "): " + out, e);
      }
    }
  }

  private final Map<String, String> env = new HashMap<>();

  Cli(String temporalAddress, Path home) {
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("FLEET_HOME", home.toString());
    env.put("FLEET_REPO", Repo.root().toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", ""));
  }

  /** Sets one more environment variable for every later command. */
  Cli withEnv(String name, String value) {
    env.put(name, value);
    return this;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = FleetCli.run(args, o, e, env);
    }
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
