package dev.agentfleet.starter.batch;

import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.batch.BatchProgress;
import dev.agentfleet.workflows.run.RunStatus;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A batch's report: the {@code fleet batch --json} and {@code fleet batch status --json} contract,
 * and its text form.
 *
 * @param status {@code running} or {@code completed}
 * @param records the valid records of the input: one run each
 * @param outcomes the records' runs by status: ended ({@code completed}, {@code rejected}, {@code
 *     closed}, {@code failed}, {@code rolled-back}) or settled ({@code waiting-approval}, {@code
 *     waiting}, {@code dead-lettered}, as they stood when the batch last followed them)
 * @param duplicates records whose run existed before the batch; not run again
 * @param repeatedIds lines that repeat an earlier line's record id; not run
 * @param rejectedLines the lines that could not be read, with their numbers and why
 * @param wallSeconds from the batch's start to its end (or to now, while it runs)
 * @param recordsPerSecond records accounted for per second of wall time
 */
public record BatchReport(
    String batchId,
    String agent,
    String definitionHash,
    String input,
    String status,
    int records,
    Map<String, Integer> outcomes,
    int pending,
    int running,
    int duplicates,
    int repeatedIds,
    List<Rejection> rejectedLines,
    double wallSeconds,
    double recordsPerSecond,
    int concurrency,
    int continuations) {

  /** The most rejected lines the text form lists. */
  static final int MAX_LINES = 50;

  /**
   * The report of a batch as {@code progress} says.
   *
   * @param nowMillis the time a running batch's wall time runs to
   */
  public static BatchReport of(BatchProgress p, List<Rejection> rejected, long nowMillis) {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    outcomes.put(RunStatus.COMPLETED.wireName(), p.completed());
    outcomes.put(RunStatus.REJECTED.wireName(), p.rejected());
    outcomes.put(RunStatus.CLOSED.wireName(), p.closed());
    outcomes.put(RunStatus.FAILED.wireName(), p.failed());
    outcomes.put(RunStatus.ROLLED_BACK.wireName(), p.rolledBack());
    outcomes.put(RunStatus.WAITING_APPROVAL.wireName(), p.waitingApproval());
    outcomes.put(RunStatus.WAITING.wireName(), p.waiting());
    outcomes.put(RunStatus.DEAD_LETTERED.wireName(), p.deadLettered());
    long end = p.done() ? p.finishedAtMillis() : nowMillis;
    double wall = p.startedAtMillis() <= 0 ? 0 : Math.max(0, end - p.startedAtMillis()) / 1000.0;
    double rate = wall <= 0 ? 0 : p.accounted() / wall;
    return new BatchReport(
        p.batchId(),
        p.agent(),
        p.definitionHash(),
        p.source(),
        p.done() ? "completed" : "running",
        p.total(),
        outcomes,
        p.pending(),
        p.running(),
        p.duplicates(),
        p.repeatedIds(),
        List.copyOf(rejected),
        Math.round(wall * 10) / 10.0,
        Math.round(rate * 10) / 10.0,
        p.concurrency(),
        p.continuations());
  }

  /** The report for people. */
  public void print(PrintStream out) {
    out.println(batchId + " · " + agent + " over " + input);
    String when =
        status.equals("completed")
            ? "done in " + BatchProgressBar.duration(java.time.Duration.ofMillis(wallMillis()))
            : "running for "
                + BatchProgressBar.duration(java.time.Duration.ofMillis(wallMillis()))
                + " · "
                + pending
                + " pending · "
                + running
                + " running";
    out.println(
        records
            + " records, "
            + when
            + " · "
            + String.format(Locale.ROOT, "%.1f", recordsPerSecond)
            + " records/s");
    out.println();
    outcomes.forEach((name, count) -> row(out, name, count, ""));
    row(out, "duplicates", duplicates, "runs that existed before: not run again");
    row(out, "repeated ids", repeatedIds, "lines repeating an earlier line's id: not run");
    row(out, "rejected lines", rejectedLines.size(), "");
    if (!rejectedLines.isEmpty()) {
      out.println();
      out.println("Rejected lines (fix them and submit them again; the other records ran):");
      rejectedLines.stream()
          .limit(MAX_LINES)
          .forEach(r -> out.println("  line " + r.line() + ": " + r.error()));
      if (rejectedLines.size() > MAX_LINES) {
        out.println("  … and " + (rejectedLines.size() - MAX_LINES) + " more (--json lists all)");
      }
    }
    out.println();
    out.println(next());
  }

  private String next() {
    StringBuilder next = new StringBuilder("Next: ./fleet runs --agent " + agent);
    if (outcomes.getOrDefault(RunStatus.WAITING_APPROVAL.wireName(), 0) > 0) {
      next.append("   ·   ./fleet pending");
    }
    if (outcomes.getOrDefault(RunStatus.DEAD_LETTERED.wireName(), 0) > 0) {
      next.append("   ·   ./fleet dlq");
    }
    if (outcomes.getOrDefault(RunStatus.FAILED.wireName(), 0) > 0) {
      next.append("   ·   ./fleet runs --agent ").append(agent).append(" --status failed");
    }
    if (status.equals("running")) {
      next.append("   ·   ./fleet batch status ").append(batchId);
    }
    return next.toString();
  }

  private long wallMillis() {
    return Math.round(wallSeconds * 1000);
  }

  private static void row(PrintStream out, String name, int count, String note) {
    String line = String.format(Locale.ROOT, "  %-17s %7d", name, count);
    out.println(note.isEmpty() || count == 0 ? line : line + "   " + note);
  }
}
