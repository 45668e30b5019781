package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults injected into connectors, kept in the ledger's {@code sandbox_faults} table so they
 * can be changed while the fleet runs ({@code ./fleet sandbox fault}) and seen by every worker
 * within {@link #DEFAULT_CACHE} at most. They make failure policies visible: retries, escalations,
 * dead letters and compensations.
 *
 * <p>{@link #beforeAction} runs before a connector acts, so a fault never leaves anything half
 * done: it waits the latency, then fails the call, retryably, as {@value #TIMEOUT} (a share {@code
 * timeout_rate} of calls) or {@value #UNAVAILABLE} (a further share {@code fail_rate}). A fault on
 * operation {@code *} applies to every operation of its connector; an operation's own row wins over
 * it. This is the one place in the execution plane where chance decides.
 */
public final class SandboxFaults {

  /** Failure type of a call an injected fault made unavailable; retryable. */
  public static final String UNAVAILABLE = "ConnectorUnavailable";

  /** Failure type of a call an injected fault timed out; retryable. */
  public static final String TIMEOUT = "ConnectorTimeout";

  /** How long a worker reuses what it read from {@code sandbox_faults}. */
  public static final Duration DEFAULT_CACHE = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(SandboxFaults.class);
  private static final String COLUMNS =
      "connector, operation, fail_rate, timeout_rate, latency_ms, until_ms";

  private final Ledger ledger;
  private final Clock clock;
  private final long cacheNanos;
  private final DoubleSupplier random;
  private volatile Snapshot snapshot;

  private record Snapshot(Map<String, SandboxFault> faults, long readAtNanos) {}

  public SandboxFaults(Ledger ledger, Clock clock) {
    this(ledger, clock, DEFAULT_CACHE, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates the faults with a cache time and a source of chance.
   *
   * @param random numbers from 0 (inclusive) to 1 (exclusive)
   */
  public SandboxFaults(Ledger ledger, Clock clock, Duration cacheFor, DoubleSupplier random) {
    this.ledger = ledger;
    this.clock = clock;
    this.cacheNanos = cacheFor.toNanos();
    this.random = random;
  }

  /**
   * Applies the fault of {@code connector.operation}, if any is active: waits its latency, then
   * throws when chance says the call fails; returns when the connector may act.
   *
   * @throws ApplicationFailure retryable, of type {@value #TIMEOUT} or {@value #UNAVAILABLE}
   */
  public void beforeAction(String connector, String operation) {
    Optional<SandboxFault> found = find(connector, operation);
    if (found.isEmpty()) {
      return;
    }
    SandboxFault fault = found.get();
    String target = connector + "." + operation;
    pause(fault.latencyMs(), target);
    double draw = random.getAsDouble();
    String clear = "; clear it with ./fleet sandbox clear " + fault.target();
    if (draw < fault.timeoutRate()) {
      log.info(
          "sandbox fault: {} timed out (injected, timeout rate {})", target, fault.timeoutRate());
      throw ApplicationFailure.newFailure(
          target
              + " did not answer within "
              + fault.latencyMs()
              + " ms (injected sandbox fault, timeout rate "
              + fault.timeoutRate()
              + "); nothing was done and the call will be retried"
              + clear,
          TIMEOUT);
    }
    if (draw < fault.timeoutRate() + fault.failRate()) {
      log.info("sandbox fault: {} unavailable (injected, fail rate {})", target, fault.failRate());
      throw ApplicationFailure.newFailure(
          target
              + " is unavailable (injected sandbox fault, fail rate "
              + fault.failRate()
              + "); nothing was done and the call will be retried"
              + clear,
          UNAVAILABLE);
    }
  }

  /** The active fault of an operation: its own row, else its connector's {@code *} row. */
  public Optional<SandboxFault> find(String connector, String operation) {
    Map<String, SandboxFault> faults = current();
    if (faults.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    SandboxFault own = faults.get(connector + "." + operation);
    if (own != null && own.activeAt(now)) {
      return Optional.of(own);
    }
    SandboxFault any = faults.get(connector + "." + SandboxFault.ANY_OPERATION);
    return any != null && any.activeAt(now) ? Optional.of(any) : Optional.empty();
  }

  /** Every row of the table, expired or not, ordered by connector and operation. */
  public List<SandboxFault> list() {
    return ledger.read(SandboxFaults::readAll);
  }

  /** Sets the fault of its connector operation, replacing the one there. */
  public void set(SandboxFault fault) {
    write(
        "INSERT INTO sandbox_faults ("
            + COLUMNS
            + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connector, operation)"
            + " DO UPDATE SET fail_rate = excluded.fail_rate, timeout_rate = excluded.timeout_rate,"
            + " latency_ms = excluded.latency_ms, until_ms = excluded.until_ms,"
            + " updated_at = excluded.updated_at",
        List.of(fault));
  }

  /**
   * Writes the faults whose connector operation has no row yet, as a worker does at start with
   * {@code FLEET_SANDBOX_FAULTS}; a row set (or cleared and set again) from the CLI is kept.
   *
   * @return how many were written
   */
  public int seed(List<SandboxFault> faults) {
    if (faults.isEmpty()) {
      return 0;
    }
    return write(
        "INSERT INTO sandbox_faults ("
            + COLUMNS
            + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (connector, operation) DO NOTHING",
        faults);
  }

  /** Removes the fault of one connector operation; returns whether there was one. */
  public boolean clear(String connector, String operation) {
    int removed =
        ledger.inTransaction(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "DELETE FROM sandbox_faults WHERE connector = ? AND operation = ?")) {
                s.setString(1, connector);
                s.setString(2, operation);
                return s.executeUpdate();
              }
            });
    snapshot = null;
    return removed > 0;
  }

  private int write(String sql, List<SandboxFault> faults) {
    String now = Ledger.timestamp(clock.instant());
    int written =
        ledger.inTransaction(
            c -> {
              int rows = 0;
              try (PreparedStatement s = c.prepareStatement(sql)) {
                for (SandboxFault f : faults) {
                  s.setString(1, f.connector());
                  s.setString(2, f.operation());
                  s.setDouble(3, f.failRate());
                  s.setDouble(4, f.timeoutRate());
                  s.setLong(5, f.latencyMs());
                  if (f.untilMs() == null) {
                    s.setNull(6, Types.BIGINT);
                  } else {
                    s.setLong(6, f.untilMs());
                  }
                  s.setString(7, now);
                  rows += s.executeUpdate();
                }
              }
              return rows;
            });
    snapshot = null;
    return written;
  }

  private Map<String, SandboxFault> current() {
    Snapshot s = snapshot;
    long now = System.nanoTime();
    if (s == null || now - s.readAtNanos() >= cacheNanos) {
      Map<String, SandboxFault> faults =
          list().stream()
              .collect(Collectors.toUnmodifiableMap(SandboxFault::target, Function.identity()));
      s = new Snapshot(faults, now);
      snapshot = s;
    }
    return s.faults();
  }

  private static List<SandboxFault> readAll(Connection c) throws SQLException {
    List<SandboxFault> faults = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM sandbox_faults ORDER BY connector, operation");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long until = rs.getLong(6);
        Long untilMs = rs.wasNull() ? null : until;
        faults.add(
            new SandboxFault(
                rs.getString(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getLong(5),
                untilMs));
      }
    }
    return faults;
  }

  private static void pause(long millis, String target) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          target + " was interrupted during its injected latency; nothing was done", TIMEOUT, e);
    }
  }
}
