package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.memory.ContextBudget;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** The validator's checks of the memory opt-ins and the context budget. */
final class MemoryChecks {

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private MemoryChecks() {}

  /** Checks a model step's {@code contextTokens} and {@code memory}. */
  static void checkStep(ModelStep step, String at, List<String> problems) {
    if (step.contextTokens() < 1) {
      problems.add(
          at + ".contextTokens: expected a positive token budget, got " + step.contextTokens());
    }
    MemoryRecall memory = step.memory();
    if (memory == null) {
      return;
    }
    checkNamespace(memory.namespace(), at + ".memory.namespace", problems);
    if (step.context().containsKey(ContextBudget.SIMILAR_CASES)) {
      problems.add(
          at
              + ".context."
              + ContextBudget.SIMILAR_CASES
              + ": the name is taken by the recalled cases of a step with memory");
    }
    if (memory.recall() < 1 || memory.recall() > MemoryRecall.MAX_RECALL) {
      problems.add(
          at
              + ".memory.recall: expected 1 to "
              + MemoryRecall.MAX_RECALL
              + " cases, got "
              + memory.recall());
    }
    if (memory.minSimilarity().isNaN()
        || memory.minSimilarity() < 0
        || memory.minSimilarity() > 1) {
      problems.add(
          at
              + ".memory.minSimilarity: expected a cosine similarity from 0 to 1, got "
              + memory.minSimilarity());
    }
  }

  /** Checks the agent's {@code remember}. */
  static void checkAgent(AgentDefinition def, String source, List<String> problems) {
    MemoryRemember remember = def.remember();
    if (remember == null) {
      return;
    }
    String at = source + ": remember";
    checkNamespace(remember.namespace(), at + ".namespace", problems);
    if (remember.text() == null || remember.text().isBlank()) {
      problems.add(at + ".text: required (a template for the case to remember)");
    }
    try {
      Duration ttl = Duration.parse(remember.ttl() == null ? "" : remember.ttl());
      if (ttl.isNegative() || ttl.isZero()) {
        problems.add(at + ".ttl: expected a positive duration, got " + remember.ttl());
      }
    } catch (DateTimeParseException e) {
      problems.add(at + ".ttl: expected an ISO-8601 duration such as P30D, got " + remember.ttl());
    }
    remember.statuses().stream()
        .filter(s -> s == null || !s.terminal())
        .forEach(
            s ->
                problems.add(
                    at + ".statuses: expected completed, rejected, closed or failed, got " + s));
    if (remember.maxTokens() < 1) {
      problems.add(
          at + ".maxTokens: expected a positive token budget, got " + remember.maxTokens());
    }
  }

  private static void checkNamespace(String namespace, String at, List<String> problems) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      problems.add(
          at
              + ": expected a name of letters, digits, '_', '.' or '-' (at most 64), got "
              + namespace);
    }
  }
}
