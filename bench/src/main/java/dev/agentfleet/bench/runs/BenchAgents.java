package dev.agentfleet.bench.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' agents: playbooks in {@code bench/agents/}, checked like {@code ./fleet run}
 * checks an agent before anything starts. The chain agent ships with five steps; a chain of any
 * other length is derived from it by repeating its first step.
 */
public final class BenchAgents {

  /** The K-step agent of the overhead, throughput and concurrency benchmarks. */
  public static final String CHAIN = "bench-chain";

  /**
   * The chain agent with every model step declared {@code execution: local}, derived from {@link
   * #CHAIN}; the baseline benchmark runs it beside the chain.
   */
  public static final String LOCAL_CHAIN = "bench-chain-local";

  /** The agent with actions through the sandbox mailer, for the recovery benchmark. */
  public static final String RECOVERY = "bench-recovery";

  /** The three-call, two-tier agent of the cost benchmark. */
  public static final String TRIAGE = "bench-triage";

  /** The number of model steps of the shipped chain agent. */
  public static final int CHAIN_STEPS = 5;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final Path folder;

  /** The agents in {@code folder} ({@code bench/agents}). */
  public BenchAgents(Path folder) {
    this.folder = folder;
  }

  /** The agent named {@code name}, checked; fails with every problem of an invalid playbook. */
  public Playbook load(String name) {
    Path file = file(name);
    return checked(read(file), folder.getParent().getParent().relativize(file).toString());
  }

  /**
   * The chain agent with {@code steps} model steps: the shipped file for five, else its first step
   * repeated {@code steps} times (ids {@code step1}..{@code stepK}), written to {@code workDir} so
   * the playbook a benchmark ran can be read afterwards.
   */
  public Playbook chain(int steps, Path workDir) {
    atLeastOneStep(steps);
    if (steps == CHAIN_STEPS) {
      return load(CHAIN);
    }
    return derived(chainText(read(file(CHAIN)), steps), CHAIN + "-" + steps, workDir);
  }

  /**
   * The chain agent with {@code steps} model steps ({@link #chain}), each run as a local activity
   * ({@code execution: local}) and the agent named {@link #LOCAL_CHAIN}, written to {@code workDir}
   * (where the benchmark worker deploys it from).
   */
  public Playbook localChain(int steps, Path workDir) {
    atLeastOneStep(steps);
    String shipped = read(file(CHAIN));
    String chain = steps == CHAIN_STEPS ? shipped : chainText(shipped, steps);
    return derived(
        localText(
            chain,
            LOCAL_CHAIN,
            "Benchmark agent derived from bench-chain.yaml: "
                + steps
                + " model steps in a row, each run as a local activity."),
        LOCAL_CHAIN + "-" + steps,
        workDir);
  }

  /**
   * The shipped agent {@code name} with each of its model steps run as a local activity ({@code
   * execution: local}), named {@code name-local} and written to {@code workDir}.
   */
  public Playbook localVariant(String name, Path workDir) {
    return derived(
        localText(
            read(file(name)),
            name + "-local",
            "Benchmark agent derived from " + name + ".yaml with its model steps run local."),
        name + "-local",
        workDir);
  }

  private static void atLeastOneStep(int steps) {
    if (steps < 1) {
      throw new BenchFailure("--steps must be at least 1, got " + steps);
    }
  }

  private static Playbook derived(String text, String fileName, Path workDir) {
    Path written = workDir.resolve(fileName + ".yaml");
    try {
      Files.createDirectories(workDir);
      Files.writeString(written, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BenchFailure("cannot write the derived agent " + written + ": " + e.getMessage());
    }
    return checked(text, written.toString());
  }

  /**
   * The playbook {@code text} with each model step declared {@code execution: local} and the agent
   * renamed {@code name}, so its runs have workflow ids of their own.
   */
  static String localText(String text, String name, String description) {
    try {
      ObjectNode root = (ObjectNode) YAML.readTree(text);
      for (JsonNode step : root.get("steps")) {
        if ("model".equals(step.path("kind").asText())) {
          ((ObjectNode) step).put("execution", "local");
        }
      }
      root.put("name", name);
      root.put("description", description);
      return "# Derived by the benchmarks from bench/agents/; do not edit.\n"
          + YAML.writeValueAsString(root);
    } catch (JsonProcessingException | ClassCastException | NullPointerException e) {
      throw new BenchFailure(
          "the benchmark agent behind "
              + name
              + " is not the expected playbook: "
              + e.getMessage());
    }
  }

  /**
   * Derives a chain of {@code steps} model steps from the shipped chain playbook: its first step is
   * the template, each copy named {@code stepN}, its purpose numbered, and its {@code next} the
   * following copy; the last one leads to the end step.
   */
  static String chainText(String shipped, int steps) {
    try {
      ObjectNode root = (ObjectNode) YAML.readTree(shipped);
      ArrayNode original = (ArrayNode) root.get("steps");
      ObjectNode template = (ObjectNode) original.get(0);
      JsonNode end = null;
      for (JsonNode step : original) {
        if ("end".equals(step.path("kind").asText())) {
          end = step;
        }
      }
      if (template == null || !"model".equals(template.path("kind").asText()) || end == null) {
        throw new BenchFailure(
            "bench/agents/" + CHAIN + ".yaml must start with a model step and have an end step");
      }
      ArrayNode derived = YAML.createArrayNode();
      for (int i = 1; i <= steps; i++) {
        ObjectNode copy = template.deepCopy();
        copy.put("id", "step" + i);
        copy.put("purpose", "Summarise the note (step " + i + ")");
        copy.put("next", i == steps ? end.path("id").asText() : "step" + (i + 1));
        derived.add(copy);
      }
      derived.add(end);
      root.set("steps", derived);
      root.put(
          "description",
          "Benchmark agent derived from bench-chain.yaml: " + steps + " model steps in a row.");
      return "# Derived by the benchmarks from bench/agents/"
          + CHAIN
          + ".yaml; do not edit.\n"
          + YAML.writeValueAsString(root);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new BenchFailure(
          "bench/agents/" + CHAIN + ".yaml is not the expected playbook: " + e.getMessage());
    }
  }

  private Path file(String name) {
    Path file = folder.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new BenchFailure(
          "the benchmark agent "
              + file
              + " is missing — it ships with the repository in bench/agents/");
    }
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BenchFailure("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Playbook checked(String text, String source) {
    LintResult check = PlaybookParser.check(text, source);
    if (!check.valid()) {
      throw new BenchFailure(
          "the benchmark agent "
              + source
              + " is not a valid playbook:"
              + System.lineSeparator()
              + "  "
              + String.join(System.lineSeparator() + "  ", check.messages()));
    }
    return check.playbook();
  }
}
