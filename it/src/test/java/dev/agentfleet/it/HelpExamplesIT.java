package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.cli.CliExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples in the verbs' {@code --help} run as written against a real dev server and worker,
 * after the example tickets ran. Examples that start or stop processes ({@code up}, {@code down},
 * {@code cluster}, {@code demo}, {@code admin serve}), need a shell ({@code completion}), or change
 * a run whose state they cannot know in advance (decisions, dead-letter answers, signals, resets,
 * faults) are parsed by {@code HelpTest} only; every other example runs here and must exit 0.
 */
class HelpExamplesIT extends FleetItBase {

  /** Verbs whose examples this test does not run, and why (see the class comment). */
  private static final Set<String> NOT_RUN =
      Set.of(
          "up",
          "down",
          // A whole cluster on one machine: ClusterIT runs these.
          "cluster",
          "cluster up",
          "cluster status",
          "cluster down",
          "demo",
          "admin",
          "admin serve",
          "admin hash-password",
          "completion",
          "approve",
          "reject",
          "dlq retry",
          "dlq skip",
          "dlq abort",
          "signal",
          "reset",
          "sandbox fault",
          "sandbox clear",
          "sandbox",
          "batch",
          "batch status");

  /** Single examples not run here, and why; their twins in the same verb run. */
  private static final Map<String, String> SKIPPED =
      Map.of(
          "./fleet watch", "a live view until Ctrl-C (watch --once runs)",
          "./fleet replay --file history.json --json", "needs a history file exported by hand");

  @BeforeAll
  static void start() throws Exception {
    startFleetWithWorker("help-examples");
    ok(cli.run("run", "support-triage", "--input", path("examples/tickets.jsonl"), "--wait"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    stopFleet();
  }

  @Test
  void every_runnable_example_in_the_help_exits_0() {
    List<String> ran = new ArrayList<>();
    for (Map.Entry<String, List<String>> verb : CliExamples.byVerb().entrySet()) {
      if (NOT_RUN.contains(verb.getKey())) {
        continue;
      }
      for (String example : verb.getValue()) {
        if (SKIPPED.containsKey(example)) {
          continue;
        }
        String[] args = args(example);
        Cli.Result result =
            Await.until(
                "./fleet " + String.join(" ", args) + " to exit 0",
                Duration.ofSeconds(20),
                () -> cli.run(args),
                r -> r.exit() == 0);
        assertThat(result.exit()).as(example + "\n" + result.out() + result.err()).isZero();
        ran.add(example);
      }
    }
    // the read-only verbs and run: at least runs, status, pending, ledger, cost, audit, agents,
    // stats, dlq, watch, replay and run itself
    assertThat(ran).hasSizeGreaterThan(20);
  }

  /** The example's words after {@code ./fleet}, with repository files made absolute. */
  private static String[] args(String example) {
    List<String> words = new ArrayList<>();
    for (String word : example.split(" ")) {
      words.add(word);
    }
    assertThat(words.remove(0)).isEqualTo("./fleet");
    return words.stream().map(HelpExamplesIT::path).toArray(String[]::new);
  }

  /**
   * A repository file named by the example, made absolute; a file the example would write (such as
   * an audit anchor) goes to the test's fleet home, never into the repository.
   */
  private static String path(String word) {
    Path file = Repo.root().resolve(word);
    if (word.contains("/") && !word.startsWith("-") && Files.isRegularFile(file)) {
      return file.toString();
    }
    if (word.matches("[a-z0-9-]+\\.json")) {
      return home.resolve(word).toString();
    }
    return word;
  }
}
