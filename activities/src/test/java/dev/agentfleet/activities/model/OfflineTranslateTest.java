package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline provider's {@code translate} task: it cannot translate, so it substitutes the
 * glossary's terms, reports them, and says plainly that it is no translation.
 */
class OfflineTranslateTest {

  static final String SCHEMA =
      """
      {"type":"object","required":["language","title","summary","body","glossaryTerms"],
       "additionalProperties":false,
       "properties":{
         "language":{"type":"string"},
         "title":{"type":"string","minLength":3},
         "summary":{"type":"string","minLength":10},
         "body":{"type":"string","minLength":80},
         "glossaryTerms":{"type":"array","items":{"type":"object","required":["term","target"],
           "additionalProperties":false,
           "properties":{"term":{"type":"string"},"target":{"type":"string"}}}},
         "note":{"type":"string"}}}
      """;

  static final String GLOSSARY =
      """
      workspace: {de: Arbeitsbereich, fr: espace de travail}
      release notes: {de: Versionshinweise, fr: notes de version}
      dashboard: {de: Dashboard, fr: tableau de bord}
      """;

  private static ModelActivitiesImpl activities;

  @BeforeAll
  static void createActivities() {
    activities =
        ModelActivitiesImpl.builder(ModelConfig.offline())
            .provider(new OfflineModelProvider(SharedEmbeddingModel.get()))
            .build();
  }

  private static Map<String, Object> edition(String language, Object glossary) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("language", language);
    context.put("title", "Release notes: automation in every workspace");
    context.put("summary", "Automation comes to every workspace this month.");
    context.put(
        "body",
        "Workspace admins can now turn on automation. The dashboard shows what ran; the release"
            + " notes list the details. Workspaces created before March get it too.");
    if (glossary != null) {
      context.put("glossary", glossary);
    }
    return context;
  }

  private static ModelResponse translate(Map<String, Object> context) {
    return activities.complete(
        SupportFixtures.request("translate", "large", ModelTask.TRANSLATE, SCHEMA, 0, context));
  }

  @Test
  void substitutes_the_glossary_terms_and_says_it_is_not_a_translation() {
    ModelResponse response = translate(edition("de", GLOSSARY));

    Map<String, Object> out = response.output();
    assertThat(out).containsEntry("language", "de");
    assertThat(out.get("title")).isEqualTo("Versionshinweise: automation in every Arbeitsbereich");
    assertThat((String) out.get("body"))
        .startsWith("Arbeitsbereich admins can now turn on automation. The Dashboard shows")
        .contains("the Versionshinweise list the details")
        .contains("Workspaces created before March")
        .endsWith(
            "— offline glossary substitution into de, not a translation: 3 glossary term(s)"
                + " replaced, every other word left as written; connect a model"
                + " (FLEET_MODEL_PROVIDER=openai) to translate.");
    assertThat((String) out.get("note")).startsWith("offline glossary substitution into de");
    assertThat(response.provider()).isEqualTo("offline");
  }

  @Test
  void reports_each_term_as_the_source_writes_it_and_as_the_result_writes_it() {
    Map<String, Object> out = translate(edition("fr", GLOSSARY)).output();

    assertThat(out.get("glossaryTerms"))
        .isEqualTo(
            List.of(
                Map.of("term", "Release notes", "target", "Notes de version"),
                Map.of("term", "workspace", "target", "espace de travail"),
                Map.of("term", "dashboard", "target", "tableau de bord")));
    String all = out.get("title") + " " + out.get("summary") + " " + out.get("body");
    assertThat(all).contains("Notes de version", "espace de travail", "tableau de bord");
  }

  @Test
  void reads_a_glossary_given_as_a_map_too() {
    Map<String, Object> glossary = Map.of("automation", Map.of("es", "automatización"));
    Map<String, Object> out = translate(edition("es", glossary)).output();

    assertThat((String) out.get("body")).contains("turn on automatización");
    assertThat(out.get("glossaryTerms"))
        .isEqualTo(List.of(Map.of("term", "automation", "target", "automatización")));
  }

  @Test
  void a_language_the_glossary_lacks_is_left_as_written_and_reports_no_terms() {
    Map<String, Object> out = translate(edition("it", GLOSSARY)).output();

    assertThat(out.get("title")).isEqualTo("Release notes: automation in every workspace");
    assertThat(out.get("glossaryTerms")).isEqualTo(List.of());
    assertThat((String) out.get("note")).contains("0 glossary term(s) replaced");
  }

  @Test
  void a_request_without_a_target_language_fails_for_good_saying_what_is_missing() {
    Map<String, Object> context = edition("de", GLOSSARY);
    context.remove("language");

    assertThatThrownBy(() -> translate(context))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("target language in its context");
            });
  }

  @Test
  void a_glossary_that_is_not_a_mapping_of_forms_fails_for_good() {
    assertThatThrownBy(() -> translate(edition("de", "workspace: Arbeitsbereich")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
              assertThat(f.getOriginalMessage())
                  .contains("the term 'workspace' has no mapping of language to form");
            });
  }
}
