package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What every command works with: its streams, its environment (passed in, never read from the
 * process, so tests can point the CLI elsewhere), the fleet's paths and one Temporal connection,
 * opened on first use and closed when the command ends.
 */
public final class FleetContext implements AutoCloseable {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final FleetPaths paths;
  private final boolean interactive;
  private TemporalConnection temporal;

  public FleetContext(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean interactive) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.paths = FleetPaths.from(this.env);
    this.interactive = interactive;
  }

  public InputStream in() {
    return in;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Map<String, String> env() {
    return env;
  }

  public FleetPaths paths() {
    return paths;
  }

  /** True when output goes to a terminal, where a progress line may redraw itself. */
  public boolean interactive() {
    return interactive;
  }

  /** The Temporal connection, not yet checked; {@code up} starts the server before it checks. */
  public synchronized TemporalConnection temporal() {
    if (temporal == null) {
      temporal = TemporalConnection.fromEnvironment(env);
    }
    return temporal;
  }

  /** The Temporal connection, checked to answer, for commands that need a running server. */
  public TemporalConnection connectedTemporal() {
    TemporalConnection connection = temporal();
    connection.requireReachable();
    return connection;
  }

  /** Writes a value as JSON on stdout: the stable form for scripts. */
  public void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new FleetException("cannot write JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (temporal != null) {
      temporal.close();
      temporal = null;
    }
  }
}
