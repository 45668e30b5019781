package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.audit.AuditAnchor;
import dev.agentfleet.starter.audit.AuditLogReader;
import dev.agentfleet.starter.audit.ChainBreak;
import dev.agentfleet.starter.audit.ChainCheck;
import dev.agentfleet.starter.audit.ChainReport;
import dev.agentfleet.starter.ledger.LedgerDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet audit verify}: walks the whole chain, names the first broken entry, and keeps an
 * anchor (entry count, last seq, last hash) so that entries deleted from the end are detected on
 * the next check.
 */
@Command(
    name = "verify",
    description = {
      "Check the whole audit chain: every entry links to the one before it and matches its hash.",
      "When intact, the end of the chain is written to the anchor file; the next verify checks",
      "that the anchored entry is still there, which is what detects entries deleted from the",
      "end. Keep a copy of the anchor (or the last hash) where the ledger's writers cannot reach.",
      "Exit codes: 0 intact, 4 broken, 1 error."
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

  AuditVerifyCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path anchorPath =
        anchorFile != null
            ? context.paths().repo().resolve(anchorFile).toAbsolutePath().normalize()
            : context.paths().home().resolve("audit.anchor");
    Optional<AuditAnchor> anchor = AuditAnchor.read(anchorPath);
    LedgerDatabase ledger = AuditCommand.ledger(context);
    AuditLogReader reader = new AuditLogReader(ledger);
    ChainReport report;
    if (reader.exists()) {
      report = ChainCheck.verify(reader, anchor);
    } else if (anchor.isPresent() && anchor.get().entries() > 0) {
      // The whole file is gone, but the anchor remembers entries: that is a cut, not a fresh start.
      report = new ChainCheck(anchor).report();
    } else {
      throw new FleetException(AuditCommand.noLedger(ledger));
    }
    if (report.intact()) {
      report.anchor(Instant.now()).write(anchorPath);
    }
    if (json) {
      context.printJson(report);
    } else {
      printText(report, anchor, anchorPath);
    }
    return report.intact() ? 0 : BROKEN;
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
