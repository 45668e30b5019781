package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.playbook.Playbook;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code content-ops} playbook over scripted models and fake connectors: one editor
 * approval before anything is published, a title fix that is translated before it goes out, one
 * post per language however often publishing is retried, and translations that break the glossary
 * or their contract held for an editor.
 */
class ContentOpsWorkflowTest {

  private static final Playbook CONTENT_OPS = ShippedAgents.load("content-ops");

  /** The test's glossary: the one term the scripted draft uses, per language. */
  private static final Map<String, String> WORKSPACE =
      Map.of("de", "Arbeitsbereich", "fr", "espace de travail", "es", "espacio de trabajo");

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Map<String, Object> brief(List<String> languages) {
    Map<String, Object> brief = new LinkedHashMap<>();
    brief.put("title", "Automation for every workspace");
    brief.put("brief", "Automation rules now run in every workspace.");
    brief.put("audience", "customers");
    brief.put("channel", "blog");
    brief.put("languages", languages);
    return brief;
  }

  /** Scripts the draft, and a translation per language that keeps the glossary. */
  private void scriptModels() {
    h.model.answer(
        "draft",
        Map.of(
            "title", "Automation for every workspace",
            "body",
                "Automation rules now run in every workspace: move cards, assign owners and"
                    + " post reminders without a script.",
            "summary", "Automation rules in every workspace."));
    h.model.answerEach("translate", ContentOpsWorkflowTest::translation);
  }

  /** A scripted translation: the language tag in front, the glossary term in its target form. */
  private static Map<String, Object> translation(ModelRequest request) {
    String language = (String) request.context().get("language");
    String target = WORKSPACE.get(language);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("language", language);
    out.put("title", "[" + language + "] " + request.context().get("title"));
    out.put("summary", "[" + language + "] " + request.context().get("summary"));
    out.put(
        "body",
        "["
            + language
            + "] "
            + ((String) request.context().get("body")).replace("workspace", target));
    out.put("glossaryTerms", List.of(Map.of("term", "workspace", "target", target)));
    return out;
  }

  private AgentWorkflow start(String id, List<String> languages) {
    return ShippedAgents.start(h, CONTENT_OPS, id, brief(languages));
  }

  private List<ActionRequest> posts(String workflowId) {
    return h.actions.effects.values().stream()
        .filter(a -> a.workflowId().equals(workflowId) && a.operation().equals("publish"))
        .toList();
  }

  @Test
  void publishes_one_post_per_language_once_an_editor_approves() {
    scriptModels();
    AgentWorkflow run = start("NL-1", List.of("de", "fr", "es"));

    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(waiting.pendingApproval().stepId()).isEqualTo("editor_review");
    assertThat(waiting.pendingApproval().role()).isEqualTo("editor");
    assertThat(waiting.pendingApproval().proposal()).containsKeys("draft", "translate");
    assertThat(waiting.pendingApproval().summary()).contains("in de, fr, es");
    assertThat(posts(waiting.workflowId())).as("nothing is published before approval").isEmpty();
    assertThat(h.model.requests)
        .filteredOn(r -> r.stepId().equals("translate"))
        .allSatisfy(r -> assertThat((String) r.context().get("glossary")).contains("workspace:"));

    run.decide(h.signed(run, "approve", "erin", "editor"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.decidedBy()).isEqualTo("erin"));
    String id = end.workflowId();
    assertThat(posts(id))
        .extracting(ActionRequest::idempotencyKey)
        .containsExactlyInAnyOrder(id + "/publish/0", id + "/publish/1", id + "/publish/2");
    assertThat(h.actions.effects.get(id + "/publish/1").params())
        .containsEntry("language", "fr")
        .containsEntry("channel", "blog")
        .containsEntry("title", "[fr] Automation for every workspace");
    assertThat(h.actions.effects.get(id + "/notify_editors").params())
        .containsEntry("to", "role:editor");
    h.exportHistory(run, "content-ops-approved");
  }

  @Test
  void an_editors_title_fix_is_translated_and_published_as_edited() {
    scriptModels();
    AgentWorkflow run = start("NL-2", List.of("de", "fr"));
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(waiting.pendingApproval().editable()).containsKey("properties");

    run.decide(
        h.approvals.signEdit(
            waiting.workflowId(),
            waiting.pendingApproval(),
            "erin",
            List.of("editor"),
            Map.of("title", "Automation rules, now in every workspace")));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals())
        .as("the edit is the one approval; the re-translation does not ask again")
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo("edited"));
    assertThat(end.outputs().get("draft"))
        .containsEntry("title", "Automation rules, now in every workspace");
    assertThat(h.model.requests)
        .filteredOn(r -> r.stepId().equals("translate"))
        .extracting(r -> r.context().get("title"))
        .containsExactlyInAnyOrder(
            "Automation for every workspace",
            "Automation for every workspace",
            "Automation rules, now in every workspace",
            "Automation rules, now in every workspace");
    assertThat(posts(end.workflowId()))
        .extracting(p -> p.params().get("title"))
        .containsExactlyInAnyOrder(
            "[de] Automation rules, now in every workspace",
            "[fr] Automation rules, now in every workspace");
    h.exportHistory(run, "content-ops-edited-title");
  }

  @Test
  void a_publisher_outage_is_dead_lettered_and_a_retry_posts_each_language_once() {
    scriptModels();
    h.actions.failAlways("publish");
    AgentWorkflow run = start("NL-3", List.of("de", "fr", "es"));
    run.decide(h.signed(run, "approve", "erin", "editor"));

    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);
    assertThat(parked.deadLetter().stepId()).isEqualTo("publish");
    assertThat(parked.deadLetter().message()).contains("connector is down");
    assertThat(parked.status().terminal()).isFalse();

    h.actions.recover("publish");
    run.deadLetter(new DeadLetterAction(DeadLetterAction.RETRY, "ops", "publisher is back"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(posts(end.workflowId()))
        .extracting(p -> p.params().get("language"))
        .containsExactlyInAnyOrder("de", "fr", "es");
  }

  @Test
  void a_publish_whose_answer_was_lost_is_retried_without_a_second_post() {
    scriptModels();
    h.actions.failFirst("publish", 2);
    AgentWorkflow run = start("NL-4", List.of("de", "fr", "es"));
    run.decide(h.signed(run, "approve", "erin", "editor"));

    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.actions.attempts).filteredOn(a -> a.operation().equals("publish")).hasSize(5);
    assertThat(posts(end.workflowId())).hasSize(3);
  }

  @Test
  void translations_that_drop_a_glossary_term_go_to_the_terminology_review() {
    scriptModels();
    h.model.answerEach(
        "translate",
        request -> {
          Map<String, Object> out = translation(request);
          if ("fr".equals(out.get("language"))) {
            // the term is translated freely and not reported: the glossary was not kept
            out.put("body", ((String) out.get("body")).replace("espace de travail", "bureau"));
            out.put("glossaryTerms", List.of());
          }
          return out;
        });
    AgentWorkflow run = start("NL-5", List.of("de", "fr", "es"));

    RunState review = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(review.pendingApproval().stepId()).isEqualTo("terminology_review");
    assertThat(review.decisions()).anySatisfy(d -> assertThat(d.rule()).isEqualTo("otherwise"));

    run.decide(h.signed(run, "reject", "erin", "editor"));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(posts(end.workflowId())).isEmpty();
  }

  @Test
  void a_translation_that_claims_a_glossary_form_its_text_lacks_is_held() {
    scriptModels();
    h.model.answerEach(
        "translate",
        request -> {
          Map<String, Object> out = translation(request);
          if ("es".equals(out.get("language"))) {
            out.put("body", ((String) out.get("body")).replace("espacio de trabajo", "espacio"));
          }
          return out;
        });
    AgentWorkflow run = start("NL-6", List.of("de", "es"));

    RunState review = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(review.pendingApproval().stepId()).isEqualTo("terminology_review");
  }

  @Test
  void a_translation_in_another_language_than_asked_is_held() {
    scriptModels();
    h.model.answerEach(
        "translate",
        request -> {
          Map<String, Object> out = translation(request);
          out.put("language", "de"); // every item answers in German
          return out;
        });
    AgentWorkflow run = start("NL-7", List.of("de", "fr"));

    RunState review = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(review.pendingApproval().stepId()).isEqualTo("terminology_review");
    run.decide(h.signed(run, "reject", "erin", "editor"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.REJECTED);
  }

  @Test
  void a_translation_that_breaks_its_contract_escalates_to_an_editor_who_retries_it() {
    scriptModels();
    h.model.violate("translate", "glossaryTerms missing");
    AgentWorkflow run = start("NL-8", List.of("de", "fr"));

    RunState review = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(review.pendingApproval().stepId()).isEqualTo("translate:review");
    assertThat(review.pendingApproval().role()).isEqualTo("editor");
    assertThat(review.pendingApproval().summary()).contains("failed for good");

    h.model.heal("translate");
    run.decide(h.signed(run, "approve", "erin", "editor"));
    awaitState(
        run,
        s -> s.pendingApproval() != null && s.pendingApproval().stepId().equals("editor_review"));
    run.decide(h.signed(run, "approve", "erin", "editor"));

    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(posts(end.workflowId())).hasSize(2);
  }

  @Test
  void a_brief_without_languages_is_rejected_before_any_model_call() {
    Map<String, Object> brief = brief(List.of());
    brief.remove("languages");
    RunState end = h.result(ShippedAgents.start(h, CONTENT_OPS, "NL-9", brief));

    assertThat(end.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(end.outcome()).contains("list of up to 8 distinct languages");
    assertThat(h.model.requests).isEmpty();
  }

  @Test
  void a_brief_that_names_a_language_twice_is_rejected() {
    RunState end = h.result(start("NL-10", List.of("de", "fr", "de")));
    assertThat(end.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(h.model.requests).isEmpty();
  }

  @Test
  void an_unanswered_review_escalates_to_the_editor_in_chief() {
    scriptModels();
    AgentWorkflow run = start("NL-11", List.of("de"));
    awaitState(run, s -> s.pendingApproval() != null);

    h.env.sleep(Duration.ofHours(25));
    RunState escalated = awaitState(run, s -> !s.pendingApproval().escalatedRoles().isEmpty());
    assertThat(escalated.pendingApproval().escalatedRoles()).containsExactly("editor-in-chief");

    run.decide(h.signed(run, "approve", "frank", "editor-in-chief"));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.actions.attempts)
        .filteredOn(a -> a.operation().equals("notify"))
        .extracting(a -> a.params().get("to"))
        .containsExactly("role:editor-in-chief", "role:editor");
  }
}
