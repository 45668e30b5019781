package dev.agentfleet.eval;

import dev.agentfleet.activities.calibration.CalibratedModelActivities;
import dev.agentfleet.activities.calibration.ConfidenceCalibrations;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.policy.MoneyPolicy;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.cli.FleetContext;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.playbook.Playbook;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet eval}: measures an agent's decision quality, over a labelled file (its decision path
 * run in-process, touching nothing) or over what people decided about its proposals.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    version = "Agent Fleet 0.1.0",
    description = {
      "Measures an agent's decision quality: accuracy, macro-F1, per-label precision and recall,"
          + " the most confused labels, calibration (ECE, reliability table), the risk-coverage"
          + " curve, the precision of every route rule that acts with no approval, and the"
          + " confidence threshold that reaches --target-precision.",
      "With --labelled FILE, runs the agent's model steps (through the same model code and"
          + " configuration as the worker) and route rules over each record in-process: no"
          + " Temporal, no actions, no approvals, no ledger or audit writes.",
      "With --from-decisions, judges the agent's proposals in decided runs against what people"
          + " decided (approved unchanged = right; edited or rejected = wrong)."
    },
    footer = {
      "",
      "FILE is CSV with a header row, or JSON Lines. Columns named like the agent's input fields"
          + " fill them; the text column (--text-field, default text) fills the agent's text field"
          + " (the input field of that name, else the first of text, body, message, query,"
          + " description, content it declares); the label column (--label-field, default the"
          + " first of label, category, intent) is the right answer; a row without an id gets"
          + " line-N. Bad rows are reported with their line and left out.",
      "Exit codes: 0 ok, 1 error or a --expect target missed, 2 usage, 3 some rows left out (the"
          + " rest evaluated)."
    })
public final class EvalCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(index = "0", paramLabel = "AGENT", description = "the agent (a playbook in agents/)")
  String agent;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--labelled", paramLabel = "FILE", description = "a labelled CSV or JSONL file")
    Path labelled;

    @Option(
        names = "--from-decisions",
        description = "judge proposals against people's decisions in decided runs")
    boolean fromDecisions;
  }

  @Option(names = "--text-field", paramLabel = "F", description = "the text column (default text)")
  String textField;

  @Option(
      names = "--label-field",
      paramLabel = "F",
      description = "the label column (default: label, category or intent)")
  String labelField;

  @Option(
      names = "--step",
      paramLabel = "ID",
      description = "the model step to judge (default: the first with task: classify)")
  String step;

  @Option(
      names = "--target-precision",
      paramLabel = "P",
      defaultValue = "0.99",
      description = "the precision the threshold must reach (default ${DEFAULT-VALUE})")
  double targetPrecision;

  @Option(names = "--json", description = "print the figures as JSON (stable keys)")
  boolean json;

  @Option(names = "--html", paramLabel = "FILE", description = "also write a self-contained page")
  Path html;

  @Option(
      names = "--since",
      paramLabel = "T",
      description =
          "with --from-decisions: decisions at or after T (2025-06-01, 2025-06-01T09:00:00Z, 24h, 7d)")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "with --from-decisions: at most the N newest runs (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--fit-calibration",
      paramLabel = "FILE",
      description =
          "with --labelled: fit a map from the model's stated confidence to how often it is right"
              + " (isotonic regression) and write it to FILE; a step uses it when FILE is"
              + " <agent>.<step>.json in the folder FLEET_CALIBRATION_DIR names (the worker's and"
              + " eval's). Fitting reads the model's own confidence, no calibration applied")
  Path fitCalibration;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "records evaluated at once (default: the processors, at most 4)")
  Integer threads;

  @Option(
      names = "--expect",
      paramLabel = "TARGETS",
      description =
          "targets to meet, e.g. accuracy>=0.92,ece<=0.03,autoPrecision>=0.99,autoCoverage>=0.65"
              + " (figures: accuracy, macroF1, ece, autoPrecision, autoCoverage,"
              + " thresholdCoverage, thresholdPrecision); exit 1 when one is missed")
  String expect;

  @Option(
      names = "--save",
      paramLabel = "NAME",
      description =
          "also keep the figures, the targets and this command in"
              + " bench/results/decision-quality/NAME.json for BENCHMARKS.md (./fleet bench report)")
  String save;

  @Spec CommandSpec spec;

  private List<Outcome> lastOutcomes = List.of();

  EvalCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    if (targetPrecision <= 0 || targetPrecision > 1) {
      throw new EvalException(
          "--target-precision must be in (0, 1], got " + targetPrecision, EvalException.USAGE);
    }
    if (fitCalibration != null && source.fromDecisions) {
      throw new EvalException("--fit-calibration goes with --labelled", EvalException.USAGE);
    }
    if (since != null && !source.fromDecisions) {
      throw new EvalException("--since goes with --from-decisions", EvalException.USAGE);
    }
    QualityTargets targets = QualityTargets.parse(expect);
    long started = System.nanoTime();
    AgentCatalog catalog = new AgentCatalog(context.paths().agents(), context.paths()::show);
    Playbook playbook = catalog.load(agent);
    ClassifyStep classify = ClassifyStep.find(playbook.definition(), step);
    EvalReport report =
        source.fromDecisions
            ? new FromDecisions(context).evaluate(playbook, classify, since, limit, targetPrecision)
            : labelled(playbook, classify);
    if (json) {
      context.printJson(report.json());
      report.skipped().forEach(p -> context.err().println("left out: " + p));
    } else {
      TextReport.print(report, context.out());
    }
    if (html != null) {
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      context.err().println("wrote " + html);
    }
    if (fitCalibration != null) {
      context.err().println(CalibrationFile.write(fitCalibration, report, lastOutcomes));
    }
    List<QualityTargets.Check> checks = targets.check(report.json());
    checks.forEach(c -> context.err().println("target " + c.describe()));
    if (save != null) {
      String command =
          "./fleet eval " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      Path saved =
          SavedEvaluation.write(
              context.paths().repo(),
              save,
              command,
              (System.nanoTime() - started) / 1_000_000,
              checks,
              report.json());
      context.err().println("saved " + context.paths().show(saved));
    }
    if (checks.stream().anyMatch(c -> !c.met())) {
      return 1;
    }
    return report.skipped().isEmpty() ? 0 : 3;
  }

  private EvalReport labelled(Playbook playbook, ClassifyStep classify) throws IOException {
    long started = System.nanoTime();
    Path file = source.labelled;
    if (!Files.isRegularFile(file)) {
      throw new EvalException("no labelled file at " + file);
    }
    LabelledFile.Read read;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      reader.mark(4096);
      char[] start = new char[256];
      int n = Math.max(0, reader.read(start));
      reader.reset();
      read =
          LabelledFile.read(
              reader, LabelledFile.formatOf(file.toString(), new String(start, 0, n)));
    }
    InputMapping mapping =
        InputMapping.of(playbook.definition(), read.columns(), textField, labelField);
    LabelledRecords.Result records =
        LabelledRecords.of(read, playbook.definition(), mapping, classify.labels());
    if (records.records().isEmpty()) {
      records.problems().stream().limit(10).forEach(p -> context.err().println("left out: " + p));
      throw new EvalException(
          "no record of "
              + file
              + " can be evaluated ("
              + records.problems().size()
              + " left out)");
    }
    ModelActivities raw = ModelActivitiesImpl.builder(ModelConfig.fromEnv(context.env())).build();
    // What runs is what is measured: the worker's calibrations apply, unless one is being fitted.
    ModelActivities model =
        fitCalibration != null
            ? raw
            : new CalibratedModelActivities(raw, ConfidenceCalibrations.fromEnv(context.env()));
    int threadCount =
        threads != null ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
    Progress progress =
        new Progress(context.err(), context.interactive(), records.records().size());
    List<Outcome> outcomes =
        new Evaluation(
                playbook.definition(),
                classify,
                model,
                threadCount,
                MoneyPolicy.load(context.env()).currencies())
            .run(records.records(), progress);
    lastOutcomes = outcomes;
    return EvalReport.of(
        playbook.definition().name(),
        playbook.hash(),
        classify.step().id(),
        file.toString(),
        mapping.describe(),
        outcomes,
        AutoActionRules.of(playbook.definition()),
        targetPrecision,
        records.problems(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
