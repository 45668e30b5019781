package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows a set of runs until each has settled: ended, or parked (waiting for a person, a timer or
 * an event, or dead-lettered; see {@link RunStatus#parked()}). It polls the state query about once
 * a second and stops asking a run once it settled.
 */
public final class RunWatcher {

  private static final int PARALLEL_QUERIES = 8;

  private final Function<String, RunState> states;

  public RunWatcher(RunQueries queries) {
    this(queries::state);
  }

  /** Follows runs through {@code states}, which answers a run's state or throws FleetException. */
  RunWatcher(Function<String, RunState> states) {
    this.states = states;
  }

  /** How a watched set of runs stands at one moment. */
  public record Progress(
      int total, int done, int waiting, int running, Duration elapsed, String lastProblem) {

    public boolean settled() {
      return done + waiting == total;
    }
  }

  /**
   * Polls until every run settled or {@code timeout} passed.
   *
   * @param onTick called after every poll round, for a progress line
   * @return the latest known state of every run that answered, by workflow id
   */
  public Map<String, RunState> awaitSettled(
      Collection<String> workflowIds, Duration timeout, Consumer<Progress> onTick) {
    Map<String, RunState> latest = new LinkedHashMap<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_QUERIES);
    try {
      while (true) {
        List<String> open = workflowIds.stream().filter(id -> !settled(latest.get(id))).toList();
        String problem = poll(open, latest, pool);
        Progress progress = progress(workflowIds, latest, start, problem);
        onTick.accept(progress);
        if (progress.settled() || System.nanoTime() >= deadline) {
          return latest;
        }
        sleepUntilNextRound();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private String poll(List<String> open, Map<String, RunState> latest, ExecutorService pool) {
    List<CompletableFuture<Object>> answers = new ArrayList<>();
    for (String id : open) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return states.apply(id);
                } catch (FleetException e) {
                  return e.getMessage();
                }
              },
              pool));
    }
    String problem = null;
    for (int i = 0; i < open.size(); i++) {
      Object answer = answers.get(i).join();
      if (answer instanceof RunState state) {
        latest.put(open.get(i), state);
      } else {
        problem = (String) answer;
      }
    }
    return problem;
  }

  private static Progress progress(
      Collection<String> ids, Map<String, RunState> latest, long start, String problem) {
    int done = 0;
    int waiting = 0;
    for (String id : ids) {
      RunState state = latest.get(id);
      if (state != null && state.status() != null) {
        if (state.status().terminal()) {
          done++;
        } else if (state.status().parked()) {
          waiting++;
        }
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Progress(ids.size(), done, waiting, ids.size() - done - waiting, elapsed, problem);
  }

  private static boolean settled(RunState state) {
    return state != null
        && state.status() != null
        && (state.status().terminal() || state.status().parked());
  }

  private static void sleepUntilNextRound() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while waiting for runs");
    }
  }
}
