package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.batch.BatchFollower;
import dev.agentfleet.starter.batch.BatchLauncher;
import dev.agentfleet.starter.batch.BatchProgressBar;
import dev.agentfleet.starter.batch.BatchReport;
import dev.agentfleet.starter.batch.BatchSource;
import dev.agentfleet.starter.batch.BatchStore;
import dev.agentfleet.starter.batch.BatchUpload;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.starter.runs.RunLauncher;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.BatchIds;
import dev.agentfleet.workflows.batch.BatchInput;
import dev.agentfleet.workflows.batch.BatchProgress;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.playbook.Playbook;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet batch AGENT --input FILE}: one batch workflow that runs AGENT over every valid
 * record of the file with bounded concurrency, followed live until every record is accounted for.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Run AGENT over every valid record of a JSON Lines or CSV file as one durable batch:",
      "at most --concurrency runs at once; runs that wait for a person do not hold a place.",
      "Shows a live progress bar on stderr, then a report. Bad lines are rejected with their",
      "line number (exit code 3) and never stop the batch. The same file submitted again",
      "follows the batch that runs (or ran) it instead of starting another.",
      "  ./fleet batch status BATCH_ID   shows a batch's report now."
    },
    subcommands = {BatchCommand.Status.class})
final class BatchCommand implements Callable<Integer> {

  static final int MAX_CONCURRENCY = 1000;

  private final FleetContext context;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "AGENT",
      description = "the agent: agents/AGENT.yaml")
  String agent;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "JSON Lines (.jsonl) or CSV (.csv, with a header row) input; - reads stdin")
  String input;

  @Option(
      names = "--format",
      paramLabel = "jsonl|csv",
      description = "the input's format when its extension does not say")
  String format;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "" + BatchInput.DEFAULT_CONCURRENCY,
      description = "the most runs running at once (default: ${DEFAULT-VALUE}, at most 1000)")
  int concurrency;

  @Option(
      names = "--children-per-execution",
      hidden = true,
      paramLabel = "N",
      description = "child runs one execution starts before the batch continues as new")
  int childrenPerExecution;

  @Option(names = "--json", description = "print the final report as JSON")
  boolean json;

  @Option(names = "--detach", description = "start the batch, print its id and return")
  boolean detach;

  BatchCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (agent == null || input == null) {
      throw new ParameterException(
          spec.commandLine(), "batch needs AGENT and --input FILE (or: batch status BATCH_ID)");
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new ParameterException(
          spec.commandLine(),
          "--concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
    }
    BatchSource.Format chosen = format(spec, format);
    Playbook playbook =
        new AgentCatalog(context.paths().agents(), context.paths()::show).load(agent);
    BatchSource source = BatchSource.open(input, chosen, context.in());
    String batchId = BatchIds.forInput(playbook.definition().name(), source.contentHash());
    TemporalConnection temporal = context.connectedTemporal();
    BatchStore store = BatchStore.fromEnv(context.env(), context.paths());
    BatchLauncher launcher = new BatchLauncher(temporal);
    Optional<BatchLauncher.Existing> existing = launcher.existing(batchId);
    List<Rejection> rejected = null;
    if (existing.isPresent() && existing.get().followable()) {
      context
          .err()
          .println(
              batchId
                  + (existing.get().running()
                      ? " already runs this input"
                      : " already ran this input")
                  + ": following it (Ctrl-C stops following, not the batch)");
    } else {
      ReadResult read =
          source.read(store.reader(playbook.definition().input()), playbook.definition().input());
      BatchUpload upload = new BatchUpload(store.store());
      List<BatchChunk> chunks = upload.records(read.records());
      BlobRef rejectedRef = upload.rejected(read.rejected());
      boolean inline = RunLauncher.sendsDefinition(context.env());
      BatchInput batch =
          new BatchInput(
              inline ? playbook.definition() : null,
              playbook.hash(),
              source.name(),
              chunks,
              concurrency,
              childrenPerExecution,
              read.duplicates().size(),
              read.rejected().size(),
              rejectedRef,
              null,
              DefinitionRef.of(playbook),
              playbook.definition().start());
      rejected = read.rejected();
      boolean started = launcher.start(batchId, batch);
      context
          .err()
          .println(
              (started ? "started " : "following ")
                  + batchId
                  + ": "
                  + read.records().size()
                  + " records in "
                  + chunks.size()
                  + " chunks, "
                  + read.rejected().size()
                  + " lines rejected, concurrency "
                  + concurrency);
    }
    if (detach) {
      context.out().println(batchId);
      context.err().println("follow it: ./fleet batch status " + batchId);
      return rejected != null && !rejected.isEmpty() ? 3 : 0;
    }
    BatchProgressBar bar = new BatchProgressBar(context.err(), context.interactive());
    BatchProgress end =
        new BatchFollower(temporal, batchId)
            .awaitDone(
                Duration.ofMillis(context.interactive() ? 500 : 1000),
                tick -> bar.show(tick.progress(), tick.problem(), System.nanoTime()));
    bar.finish();
    if (rejected == null) {
      rejected = BatchUpload.readRejected(store.store(), end.rejectedLinesRef());
    }
    print(context, BatchReport.of(end, rejected, System.currentTimeMillis()), json);
    return end.rejectedLines() > 0 ? 3 : 0;
  }

  static BatchSource.Format format(CommandSpec spec, String format) {
    if (format == null) {
      return null;
    }
    try {
      return BatchSource.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--format must be jsonl or csv, got '" + format + "'");
    }
  }

  static void print(FleetContext context, BatchReport report, boolean json) {
    if (json) {
      context.printJson(report);
    } else {
      report.print(context.out());
    }
  }

  /** {@code fleet batch status BATCH_ID}: a batch's report now. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a batch's report now: counts by outcome, rejected lines, rate.")
  static final class Status implements Callable<Integer> {

    private final FleetContext context;

    @Parameters(index = "0", paramLabel = "BATCH_ID", description = "batch/AGENT/HASH")
    String batchId;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    Status(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      BatchProgress progress = new BatchFollower(context.connectedTemporal(), batchId).progress();
      List<Rejection> rejected;
      try {
        rejected =
            BatchUpload.readRejected(
                BatchStore.fromEnv(context.env(), context.paths()).store(),
                progress.rejectedLinesRef());
      } catch (FleetException e) {
        context.err().println("note: " + e.getMessage());
        rejected = List.of();
      }
      print(context, BatchReport.of(progress, rejected, System.currentTimeMillis()), json);
      return 0;
    }
  }
}
