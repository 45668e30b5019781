package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.workflows.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPlaybookTest {

  private static final String AGENT =
      """
      name: tiny
      remember:
        namespace: %s
        text: "{{input.subject}}"
        outcome: {category: "{{steps.classify.category}}", resolution: "{{run.outcome}}"}
        ttl: %s
        statuses: [%s]
      steps:
        - id: classify
          kind: model
          tier: small
          task: classify
          labels: [a, b]
          context: {text: "{{input.subject}}", %s: "{{input.body}}"}
          contextTokens: %s
          memory: {recall: %s, minSimilarity: %s, namespace: tickets}
          output: {type: object}
          next: done
        - {id: done, kind: end, status: completed}
      """;

  private static String agent(
      String namespace,
      String ttl,
      String statuses,
      String secondField,
      String contextTokens,
      String recall,
      String minSimilarity) {
    return AGENT.formatted(
        namespace, ttl, statuses, secondField, contextTokens, recall, minSimilarity);
  }

  @Test
  void the_shipped_playbook_recalls_and_remembers_in_the_same_namespace() throws Exception {
    Path file = Path.of("..", "agents", "support-triage.yaml");
    AgentDefinition def =
        PlaybookParser.parse(Files.readString(file), file.toString()).definition();

    ModelStep classify = (ModelStep) def.requireStep("classify");
    assertThat(classify.memory()).isNotNull();
    assertThat(def.remember()).isNotNull();
    assertThat(classify.memory().namespace()).isEqualTo(def.remember().namespace());
    assertThat(def.remember().ttlDuration()).isEqualTo(Duration.ofDays(30));
    assertThat(def.remember().outcome()).containsKeys("category", "resolution");
    ModelStep extract = (ModelStep) def.requireStep("extract");
    assertThat(extract.memory()).isNull();
    assertThat(extract.contextTokens()).isEqualTo(ModelStep.DEFAULT_CONTEXT_TOKENS);
  }

  @Test
  void a_valid_memory_declaration_parses_with_its_values_and_field_order() {
    AgentDefinition def =
        PlaybookParser.parse(
                agent("tickets", "PT12H", "completed, closed", "body", "300", "5", "0.7"),
                "ok.yaml")
            .definition();

    ModelStep step = (ModelStep) def.requireStep("classify");
    assertThat(step.memory()).isEqualTo(new MemoryRecall(5, 0.7, "tickets", null));
    assertThat(step.contextTokens()).isEqualTo(300);
    assertThat(step.context().keySet()).containsExactly("text", "body");
    assertThat(def.remember().statuses()).containsExactly(RunStatus.COMPLETED, RunStatus.CLOSED);
    assertThat(def.remember().ttlDuration()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void recall_and_remember_default_when_only_the_namespace_is_given() {
    String text =
        agent("tickets", "P30D", "completed", "body", "2000", "3", "0.6")
            .replace(
                "          memory: {recall: 3, minSimilarity: 0.6, namespace: tickets}",
                "          memory: {namespace: tickets}")
            .replace("        statuses: [completed]\n", "");
    AgentDefinition def = PlaybookParser.parse(text, "defaults.yaml").definition();

    assertThat(((ModelStep) def.requireStep("classify")).memory())
        .isEqualTo(new MemoryRecall(3, 0.6, "tickets", null));
    assertThat(def.remember().statuses()).containsExactly(RunStatus.COMPLETED);
    assertThat(def.remember().maxTokens()).isEqualTo(ModelStep.DEFAULT_CONTEXT_TOKENS);
  }

  @Test
  void every_bad_memory_setting_is_reported_with_its_place() {
    String text = agent("bad name!", "30 days", "running", "similarCases", "0", "0", "1.5");

    PlaybookException e =
        catchThrowableOfType(PlaybookException.class, () -> PlaybookParser.parse(text, "bad.yaml"));

    List<String> problems = e.problems();
    assertThat(problems)
        .anyMatch(p -> p.contains("remember.namespace") && p.contains("bad name!"))
        .anyMatch(p -> p.contains("remember.ttl") && p.contains("P30D"))
        .anyMatch(p -> p.contains("remember.statuses") && p.contains("RUNNING"))
        .anyMatch(p -> p.contains("'classify'.contextTokens"))
        .anyMatch(p -> p.contains("'classify'.memory.recall") && p.contains("got 0"))
        .anyMatch(p -> p.contains("'classify'.memory.minSimilarity") && p.contains("1.5"))
        .anyMatch(p -> p.contains("'classify'.context.similarCases"));
  }
}
