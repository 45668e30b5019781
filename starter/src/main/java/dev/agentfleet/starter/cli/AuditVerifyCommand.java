package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.audit.AuditAnchor;
import dev.agentfleet.ledger.audit.AuditLogReader;
import dev.agentfleet.ledger.audit.ChainBreak;
import dev.agentfleet.ledger.audit.ChainCheck;
import dev.agentfleet.ledger.audit.ChainReport;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.audit.AnchorFile;
import dev.agentfleet.starter.audit.TemporalAnchors;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.TaskQueues;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet audit verify}: walks the whole chain, names the first broken entry, and checks that
 * every anchored chain head is still there: the heads the anchor workflow recorded in Temporal
 * (unless {@code --offline}), and the anchor file, which it rewrites when the chain is intact. That
 * is what detects entries deleted from the end, with or without a local file.
 */
@Command(
    name = "verify",
    description = {
      "Check the whole audit chain: every entry links to the one before it and matches its hash.",
      "Entries deleted from the end are found against anchors: the chain heads the workers'",
      "anchor workflow records in Temporal (read by default; --offline skips them), and the",
      "anchor file, which an intact verify rewrites. Exit codes: 0 intact, 4 broken, 1 error."
    })
final class AuditVerifyCommand implements Callable<Integer> {

  /** Exit code when the chain is broken. */
  static final int BROKEN = 4;

  private final FleetContext context;

  @Option(names = "--json", description = "print the verdict as JSON")
  boolean json;

  @Option(
      names = "--anchor",
      paramLabel = "FILE",
      description = "the anchor file (default: $FLEET_HOME/audit.anchor; relative to the repo)")
  Path anchorFile;

  @Option(
      names = "--offline",
      description =
          "check the ledger and the anchor file only, without the anchors recorded in Temporal"
              + " (a tail cut after the file's anchor then goes unseen)")
  boolean offline;

  AuditVerifyCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path anchorPath =
        anchorFile != null
            ? context.paths().repo().resolve(anchorFile).toAbsolutePath().normalize()
            : context.paths().home().resolve("audit.anchor");
    Optional<AuditAnchor> anchor = AnchorFile.read(anchorPath);
    TemporalAnchors.Read temporal = offline ? null : temporalAnchors();
    List<ChainCheck.Claim> claims = new ArrayList<>();
    anchor.ifPresent(a -> claims.add(new ChainCheck.Claim("the anchor", a)));
    if (temporal != null) {
      claims.addAll(temporal.claims());
    }
    boolean anchoredEntries = claims.stream().anyMatch(c -> c.anchor().entries() > 0);
    LedgerDatabase ledger = AuditCommand.ledger(context);
    AuditLogReader reader = new AuditLogReader(ledger);
    ChainReport report;
    if (reader.exists()) {
      report = ChainCheck.verify(reader, claims);
    } else if (anchoredEntries) {
      // The whole file is gone, but an anchor remembers entries: that is a cut, not a fresh start.
      report = new ChainCheck(claims).report();
    } else {
      throw new FleetException(AuditCommand.noLedger(ledger));
    }
    if (report.intact()) {
      AnchorFile.write(report.anchor(Instant.now()), anchorPath);
    }
    if (json) {
      context.printJson(report);
    } else {
      printText(report, anchor, anchorPath);
      if (report.intact()) {
        context.out().println(temporalLine(temporal));
      }
    }
    return report.intact() ? 0 : BROKEN;
  }

  /** The anchors the anchor workflow recorded; an unreachable Temporal is an error, not a pass. */
  private TemporalAnchors.Read temporalAnchors() {
    TemporalConnection temporal = context.temporal();
    if (!temporal.answers()) {
      throw new FleetException(
          "cannot reach Temporal at "
              + temporal.address()
              + " to read the audit chain's anchors (entries deleted from the end of the log are"
              + " found against them): start it (./fleet up), or run ./fleet audit verify"
              + " --offline to check the ledger and the anchor file only");
    }
    return TemporalAnchors.read(temporal.client(), TaskQueues.AGENTS, temporal::explain);
  }

  private static String temporalLine(TemporalAnchors.Read temporal) {
    if (temporal == null) {
      return "offline: the chain heads anchored in Temporal were not checked";
    }
    if (!temporal.found()) {
      return "no anchor workflow "
          + temporal.workflowId()
          + " in Temporal yet (a worker starts it): only the anchor file guards the end of the log";
    }
    return temporal.claims().isEmpty()
        ? "anchor workflow " + temporal.workflowId() + " has not anchored any entry yet"
        : "the "
            + temporal.claims().size()
            + " chain heads anchored in Temporal by "
            + temporal.workflowId()
            + " are all there (the highest at seq="
            + temporal.claims().get(temporal.claims().size() - 1).anchor().lastSeq()
            + ")";
  }

  private void printText(ChainReport report, Optional<AuditAnchor> anchor, Path anchorPath) {
    String shownAnchor = context.paths().show(anchorPath);
    if (report.intact()) {
      context
          .out()
          .println(
              "audit log intact: " + report.entries() + " entries, last hash " + report.lastHash());
      context
          .out()
          .println(
              anchor
                  .map(
                      a ->
                          "the "
                              + a.entries()
                              + " entries anchored in "
                              + shownAnchor
                              + " at "
                              + a.at()
                              + " are all there; the anchor now ends at seq="
                              + report.lastSeq())
                  .orElse(
                      "anchor written to "
                          + shownAnchor
                          + ": from now on, entries deleted from the end are detected too"
                          + " (keep a copy where the ledger's writers cannot reach)"));
      return;
    }
    ChainBreak broken = report.firstBroken();
    String entry =
        broken.workflowId() == null && broken.kind() == null
            ? ""
            : " (workflow " + broken.workflowId() + ", kind " + broken.kind() + ")";
    context
        .out()
        .println(
            "audit log BROKEN at entry seq="
                + broken.seq()
                + entry
                + ": "
                + broken.problem()
                + " — "
                + broken.explanation());
  }
}
