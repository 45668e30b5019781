package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The local Temporal dev server: {@code temporal server start-dev} on a SQLite file under the fleet
 * home, with the fleet's search attributes registered.
 */
public final class DevServer {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Dynamic configuration for a one-node server that a single machine drives hard. The dev server
   * has one history shard, and each of its queue processors reads its tasks at most 20 times a
   * second by default: with runs back to back every task then waits 35–50 ms before it is handed to
   * a worker (measured by {@code ./fleet bench overhead}), and a burst of new runs leaves the queue
   * at ~15 a second. A thousand reads a second removes that wait; the server's CPU stays the limit.
   *
   * <p>{@code start-dev} also turns on {@code system.forceSearchAttributesCacheRefreshOnRead} (so
   * that an attribute created while it runs is usable at once): every read of the search
   * attributes' types, at each start, upsert and visibility write, then reads the cluster metadata
   * from SQLite again (3.5 % of the server's CPU in a profile of the fleet's burst, 2 % of raw
   * Temporal's; bench/reading.md). The fleet names its attributes when it starts the server ({@code
   * --search-attribute}); with SQLite visibility they are aliases of the server's fixed columns,
   * kept in the namespace, which this cache does not hold. So the cache may keep its minute.
   */
  public static final List<String> DYNAMIC_CONFIG =
      List.of(
          "--dynamic-config-value",
          "history.transferProcessorMaxPollRPS=1000",
          "--dynamic-config-value",
          "history.timerProcessorMaxPollRPS=1000",
          "--dynamic-config-value",
          "history.visibilityProcessorMaxPollRPS=1000",
          "--dynamic-config-value",
          "system.forceSearchAttributesCacheRefreshOnRead=false");

  private final FleetPaths paths;
  private final TemporalConnection temporal;

  public DevServer(FleetPaths paths, TemporalConnection temporal) {
    this.paths = paths;
    this.temporal = temporal;
  }

  /** The Web UI port: the frontend port plus 1000, as {@code start-dev} does by default. */
  public static int uiPort(TemporalConnection temporal) {
    return temporal.port() + 1000;
  }

  /** Whether something accepts connections on the frontend port. */
  public boolean listening() {
    return LocalPort.listening(temporal.host(), temporal.port());
  }

  /** The dev server this fleet home started, if it still runs. */
  public Optional<ProcessHandle> running() {
    return PidFile.alive(paths.temporalPid(), "temporal");
  }

  /** Starts the dev server in the background and waits until it answers. */
  public ProcessHandle start(Path temporalCli) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            temporalCli.toString(),
            "server",
            "start-dev",
            "--db-filename",
            paths.temporalDb().toString(),
            "--sqlite-pragma",
            "journal_mode=WAL",
            "--sqlite-pragma",
            "synchronous=NORMAL",
            "--ip",
            "127.0.0.1",
            "--port",
            Integer.toString(temporal.port()),
            "--ui-port",
            Integer.toString(uiPort(temporal)),
            "--log-level",
            "warn"));
    command.addAll(DYNAMIC_CONFIG);
    if (!temporal.namespace().equals("default")) {
      command.addAll(List.of("--namespace", temporal.namespace()));
    }
    new TreeMap<>(FleetSearchAttributes.ALL)
        .forEach((name, type) -> command.addAll(List.of("--search-attribute", name + "=" + type)));
    try {
      Files.createDirectories(paths.home());
    } catch (IOException e) {
      throw new FleetException("cannot create " + paths.home() + ": " + e.getMessage());
    }
    Process process = DetachedProcess.start(command, paths.repo(), Map.of(), paths.temporalLog());
    PidFile.write(paths.temporalPid(), process.pid());
    awaitAnswering(process.toHandle());
    return process.toHandle();
  }

  private void awaitAnswering(ProcessHandle process) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        PidFile.delete(paths.temporalPid());
        throw new FleetException(
            "the Temporal dev server stopped while starting ("
                + DetachedProcess.lastLine(paths.temporalLog())
                + ") — see "
                + paths.show(paths.temporalLog()));
      }
      temporal.stubs().getRawChannel().resetConnectBackoff();
      if (temporal.answers()) {
        return;
      }
      sleep(250);
    }
    throw new FleetException(
        "the Temporal dev server did not answer within "
            + START_TIMEOUT.toSeconds()
            + " s — see "
            + paths.show(paths.temporalLog())
            + ", then ./fleet down and ./fleet up");
  }

  /**
   * Registers the fleet's search attributes that the server does not know yet (a database from an
   * older version, or a server started elsewhere).
   *
   * @return the names that were added
   */
  public List<String> ensureSearchAttributes() {
    Map<String, IndexedValueType> known = listCustomAttributes();
    Map<String, IndexedValueType> missing = new TreeMap<>();
    FleetSearchAttributes.ALL.forEach(
        (name, type) -> {
          if (!known.containsKey(name)) {
            missing.put(name, indexedType(type));
          }
        });
    if (missing.isEmpty()) {
      return List.of();
    }
    try {
      temporal
          .operator()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .putAllSearchAttributes(missing)
                  .build());
    } catch (StatusRuntimeException e) {
      throw new FleetException(
          "cannot register the search attributes "
              + String.join(", ", missing.keySet())
              + " ("
              + temporal.explain(e)
              + ") — register them with: temporal operator search-attribute create --name NAME"
              + " --type TYPE");
    }
    return List.copyOf(missing.keySet());
  }

  private Map<String, IndexedValueType> listCustomAttributes() {
    try {
      return temporal
          .operator()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(temporal.namespace()).build())
          .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      throw new FleetException("cannot list the search attributes: " + temporal.explain(e));
    }
  }

  private static IndexedValueType indexedType(String type) {
    return switch (type) {
      case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      case "Text" -> IndexedValueType.INDEXED_VALUE_TYPE_TEXT;
      case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
      case "Double" -> IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
      case "Int" -> IndexedValueType.INDEXED_VALUE_TYPE_INT;
      case "Datetime" -> IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
      case "KeywordList" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST;
      default -> throw new IllegalArgumentException("unknown search attribute type " + type);
    };
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted");
    }
  }
}
