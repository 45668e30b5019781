package dev.agentfleet.bench.runs;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark fleet's ledger (a SQLite file beside a dev server, PostgreSQL on a cluster),
 * read-only: the effects the sandbox connectors made and the model calls the activities recorded.
 */
public final class EffectLedger {

  private final LedgerDatabase database;

  public EffectLedger(Path file) {
    this(LedgerDatabase.sqlite(file, file.toString()));
  }

  public EffectLedger(LedgerDatabase database) {
    this.database = database;
  }

  /** Mails the sandbox mailer sent with this subject; 0 before a worker made the table. */
  public long mailsWithSubject(String subject) {
    try {
      return database.read(
          "sandbox_mail",
          "the sandbox mails",
          () -> 0L,
          connection ->
              count(connection, "SELECT COUNT(*) FROM sandbox_mail WHERE subject = ?", subject));
    } catch (LedgerException e) {
      throw new BenchFailure(e.getMessage(), e.getCause());
    }
  }

  /**
   * What the runs did to the world.
   *
   * @param mails rows in the sandbox mailer
   * @param duplicateMails (run, subject) pairs mailed more than once: an effect done twice
   * @param ledgerActions actions in the ledger
   * @param unfinishedActions ledger actions claimed but never completed
   */
  public record Effects(
      long mails, long duplicateMails, long ledgerActions, long unfinishedActions) {}

  public Effects effects() {
    return new Effects(
        count("SELECT COUNT(*) FROM sandbox_mail"),
        count(
            "SELECT COUNT(*) FROM (SELECT workflow_id, subject FROM sandbox_mail"
                + " GROUP BY workflow_id, subject HAVING COUNT(*) > 1) AS twice"),
        count("SELECT COUNT(*) FROM ledger_actions"),
        count("SELECT COUNT(*) FROM ledger_actions WHERE status <> 'completed'"));
  }

  /**
   * The model calls of the runs whose workflow id starts with {@code workflowIdPrefix}, by tier.
   *
   * @param calls calls recorded (each step once)
   * @param cacheHits calls answered from the response cache
   * @param inputTokens input tokens the model was sent
   * @param outputTokens output tokens it answered
   * @param costUsd what the ledger says they cost
   */
  public record ModelCalls(
      String tier,
      long calls,
      long cacheHits,
      long inputTokens,
      long outputTokens,
      double costUsd) {

    /** Calls that reached a model. */
    public long modelCalls() {
      return calls - cacheHits;
    }

    public long tokens() {
      return inputTokens + outputTokens;
    }
  }

  public List<ModelCalls> modelCalls(String workflowIdPrefix) {
    String sql =
        "SELECT tier, COUNT(*), COALESCE(SUM(cache_hit), 0), COALESCE(SUM(input_tokens), 0),"
            + " COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0) FROM model_calls"
            + " WHERE workflow_id LIKE ? ESCAPE '\\' GROUP BY tier ORDER BY tier";
    try (Connection connection = database.openReadOnly();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, likePrefix(workflowIdPrefix));
      List<ModelCalls> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new ModelCalls(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getDouble(6)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Steps of those runs that reached a model (missed the cache), by step id. */
  public Map<String, Long> modelCallsByStep(String workflowIdPrefix) {
    String sql =
        "SELECT step_id, COUNT(*) FROM model_calls WHERE workflow_id LIKE ? ESCAPE '\\'"
            + " AND cache_hit = 0 GROUP BY step_id ORDER BY step_id";
    try (Connection connection = database.openReadOnly();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, likePrefix(workflowIdPrefix));
      Map<String, Long> steps = new LinkedHashMap<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          steps.put(rs.getString(1), rs.getLong(2));
        }
      }
      return steps;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private long count(String sql) {
    try (Connection connection = database.openReadOnly()) {
      return count(connection, sql);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static long count(Connection connection, String sql, String... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setString(i + 1, params[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** A failure that names the ledger, without its password (also not in the cause). */
  private BenchFailure failure(SQLException e) {
    LedgerException failed = database.failure("the benchmark's effects", e);
    return new BenchFailure(failed.getMessage(), failed.getCause());
  }
}
