package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.runs.RunIds;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.RunState;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleet status ID}: the whole state of one run, as its {@code state} query returns it. */
@Command(
    name = "status",
    description =
        "Show one run's state: step, routing decisions, approvals, actions, errors, cost.")
final class StatusCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "the run: its workflow id (agent/record) or the record id it was started with")
  String workflowId;

  @Option(names = "--json", description = "print the run state as JSON")
  boolean json;

  @Option(names = "--full", description = "print long texts whole instead of their first lines")
  boolean full;

  StatusCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String id = RunIds.of(context.connectedTemporal()).resolve(workflowId);
    RunState state = new RunQueries(context.connectedTemporal()).state(id);
    if (json) {
      context.printJson(state);
    } else {
      print(state, context.out(), full);
    }
    return 0;
  }

  static void print(RunState s, PrintStream out) {
    print(s, out, false);
  }

  static void print(RunState s, PrintStream out, boolean full) {
    out.println(
        s.workflowId() + "   (agent " + s.agent() + ", playbook " + s.definitionHash() + ")");
    field(out, "record", s.recordId());
    field(out, "subject", s.subject());
    field(
        out,
        "status",
        (s.status() == null ? "unknown" : s.status().wireName())
            + (s.currentStep() == null ? "" : " at step " + s.currentStep()));
    if (s.category() != null) {
      field(
          out,
          "category",
          s.category()
              + (s.confidence() == null
                  ? ""
                  : String.format(Locale.ROOT, " (confidence %.2f)", s.confidence())));
    }
    field(out, "outcome", s.outcome());
    CostAccount cost = s.cost();
    if (cost != null) {
      field(
          out,
          "cost",
          String.format(
              Locale.ROOT,
              "%d model calls (%d from cache), %d tokens in, %d out, $%.4f, %d ms",
              cost.modelCalls(),
              cost.cacheHits(),
              cost.inputTokens(),
              cost.outputTokens(),
              cost.usd(),
              cost.latencyMillis()));
    }
    StatusPicture.record(s.input(), out, full);
    ApprovalRequest pending = s.pendingApproval();
    if (pending != null) {
      section(out, "Waiting for approval");
      field(
          out,
          "role",
          pending.role()
              + (pending.escalatedRoles().isEmpty()
                  ? ""
                  : " or " + String.join(", ", pending.escalatedRoles()) + " (escalated)"));
      field(out, "summary", pending.summary());
      if (pending.effect() != null) {
        field(out, "approving leads to", pending.effect().toString());
      }
      if (pending.confidence() != null) {
        field(out, "confidence", String.format(Locale.ROOT, "%.2f", pending.confidence()));
      }
      if (pending.reasons() != null && !pending.reasons().isEmpty()) {
        field(out, "reasons", String.join("; ", pending.reasons()));
      }
      field(out, "since", time(pending.requestedAt()));
      field(out, "deadline", time(pending.deadlineAt()));
      StatusPicture.proposal(pending, out, full);
      field(out, "decide", "./fleet approve " + s.workflowId() + " --as NAME   (or reject)");
      if (pending.editable() != null) {
        field(
            out,
            "edit",
            "./fleet approve "
                + s.workflowId()
                + " --as NAME --set FIELD=VALUE   (a long text: --set-file FIELD=PATH)");
      }
    }
    DeadLetter parked = s.deadLetter();
    if (parked != null) {
      section(out, "Dead-lettered");
      field(out, "step", parked.stepId());
      field(out, "error", parked.errorType() + ": " + parked.message());
      field(out, "since", time(parked.at()));
      field(
          out,
          "answer",
          "./fleet dlq retry|skip|abort " + s.workflowId() + "   (after fixing the cause)");
    }
    if (notEmpty(s.steps())) {
      section(out, "Steps");
      TextTable table = new TextTable("STEP", "KIND", "OUTCOME", "DETAIL", "FINISHED");
      s.steps()
          .forEach(
              st ->
                  table.row(
                      st.stepId(), st.kind(), st.outcome(), st.detail(), time(st.finishedAt())));
      table.print(out);
    }
    if (notEmpty(s.decisions())) {
      section(out, "Routing decisions");
      TextTable table = new TextTable("STEP", "RULE", "WHEN", "SAW", "NEXT");
      s.decisions()
          .forEach(
              d ->
                  table.row(
                      d.stepId(),
                      d.rule(),
                      d.expression(),
                      StatusPicture.seen(d.seen()),
                      d.next()));
      table.print(out);
    }
    if (notEmpty(s.approvals())) {
      section(out, "Approvals");
      TextTable table = new TextTable("STEP", "ROLE", "STATUS", "BY", "COMMENT", "ESCALATED");
      s.approvals()
          .forEach(
              a ->
                  table.row(
                      a.stepId(),
                      a.role(),
                      a.status(),
                      a.decidedBy(),
                      a.comment(),
                      a.escalated() ? "yes" : "no"));
      table.print(out);
    }
    if (notEmpty(s.actions())) {
      section(out, "Actions");
      TextTable table =
          new TextTable("STEP", "ACTION", "IDEMPOTENCY KEY", "ATTESTED BY", "REPLAYED");
      s.actions()
          .forEach(
              a ->
                  table.row(
                      a.stepId(),
                      a.connector() + "." + a.operation(),
                      a.idempotencyKey(),
                      a.attestedBy(),
                      a.replayed() ? "yes" : "no"));
      table.print(out);
    }
    if (notEmpty(s.rollbacks())) {
      section(out, "Rollback");
      TextTable table = new TextTable("STEP", "COMPENSATION", "IDEMPOTENCY KEY", "OUTCOME");
      s.rollbacks()
          .forEach(
              r ->
                  table.row(
                      r.stepId(),
                      r.connector() + "." + r.operation(),
                      r.idempotencyKey(),
                      r.outcome()));
      table.print(out);
    }
    if (notEmpty(s.events())) {
      section(out, "Events");
      TextTable table = new TextTable("NAME", "FROM", "RECEIVED");
      s.events().forEach(e -> table.row(e.name(), e.sender(), time(e.receivedAt())));
      table.print(out);
    }
    if (notEmpty(s.ignoredSignals())) {
      section(out, "Ignored decisions");
      TextTable table = new TextTable("APPROVER", "DECISION", "STEP", "REASON");
      s.ignoredSignals()
          .forEach(i -> table.row(i.approver(), i.decision(), i.stepId(), i.reason()));
      table.print(out);
    }
    if (notEmpty(s.errors())) {
      section(out, "Errors");
      TextTable table = new TextTable("STEP", "TYPE", "MESSAGE");
      s.errors().forEach(e -> table.row(e.stepId(), e.type(), e.message()));
      table.print(out);
    }
  }

  private static void field(PrintStream out, String name, String value) {
    if (value != null && !value.isBlank()) {
      out.printf("  %-11s %s%n", name, value.replaceAll("\\s+", " ").strip());
    }
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println(title);
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }

  static String time(long epochMillis) {
    return epochMillis <= 0
        ? null
        : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
