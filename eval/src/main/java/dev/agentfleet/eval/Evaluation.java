package dev.agentfleet.eval;

import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the decision path over every labelled record on a few threads and gathers the outcomes in
 * the file's order. Each thread walks with its own {@link DecisionPath}; the model activities are
 * shared, as a worker shares them between its activity slots.
 */
public final class Evaluation {

  private final AgentDefinition definition;
  private final ClassifyStep classify;
  private final ModelActivities model;
  private final int threads;

  private final CurrencyTable rates;

  public Evaluation(
      AgentDefinition definition,
      ClassifyStep classify,
      ModelActivities model,
      int threads,
      CurrencyTable rates) {
    if (threads < 1) {
      throw new EvalException("--threads must be at least 1", EvalException.USAGE);
    }
    this.definition = definition;
    this.classify = classify;
    this.model = model;
    this.threads = threads;
    this.rates = rates;
  }

  /**
   * Evaluates the records.
   *
   * @param done told the number of records finished so far, after each one (from any thread)
   */
  public List<Outcome> run(List<LabelledRecords.Labelled> records, IntConsumer done) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
    ThreadLocal<DecisionPath> paths =
        ThreadLocal.withInitial(() -> new DecisionPath(definition, model, rates));
    AtomicInteger finished = new AtomicInteger();
    try {
      List<Future<Outcome>> futures = new ArrayList<>(records.size());
      for (LabelledRecords.Labelled record : records) {
        futures.add(
            pool.submit(
                () -> {
                  Outcome outcome = judge(paths.get(), record);
                  done.accept(finished.incrementAndGet());
                  return outcome;
                }));
      }
      List<Outcome> outcomes = new ArrayList<>(records.size());
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvalException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Walks one record and reads the classification step's proposal off the walk. */
  Outcome judge(DecisionPath path, LabelledRecords.Labelled record) {
    DecisionPath.Walk walk = path.walk(record.item());
    var output = walk.outputs().get(classify.step().id());
    String predicted = classify.label(output);
    return new Outcome(
        record.line(),
        record.item().id(),
        record.label(),
        predicted,
        classify.confidence(output),
        walk.fired().stream().map(DecisionPath.Fired::name).toList(),
        walk.stopKind() + " " + walk.stopStep(),
        walk.errors(),
        walk.answeredBy().get(classify.step().id()),
        warranted(walk, record, predicted));
  }

  /**
   * For a walk that stopped at an action: whether the record's true label leads the rules to the
   * same action. The walk is taken again with the classification's label replaced by the true one
   * and every other model output as it was (nothing is asked of the model again).
   */
  private Boolean warranted(
      DecisionPath.Walk walk, LabelledRecords.Labelled record, String predicted) {
    if (!"action".equals(walk.stopKind())) {
      return null;
    }
    if (record.label().equals(predicted)) {
      return true;
    }
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>(walk.outputs());
    String step = classify.step().id();
    if (outputs.get(step) == null) {
      return false;
    }
    outputs.put(step, classify.relabelled(outputs.get(step), record.label()));
    DecisionPath.Walk truth =
        new DecisionPath(definition, new RecordedOutputs(outputs), rates).walk(record.item());
    return "action".equals(truth.stopKind()) && walk.stopStep().equals(truth.stopStep());
  }

  /** Model activities that answer each step with an output already recorded for the record. */
  private record RecordedOutputs(Map<String, Map<String, Object>> outputs)
      implements ModelActivities {

    @Override
    public ModelResponse complete(ModelRequest request) {
      Map<String, Object> output = outputs.get(request.stepId());
      if (output == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no recorded output for step " + request.stepId(), "ModelUnavailable");
      }
      return new ModelResponse(output, "recorded", "recorded", 0, 0, 0, 0, 0, false);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "fleet-eval-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
