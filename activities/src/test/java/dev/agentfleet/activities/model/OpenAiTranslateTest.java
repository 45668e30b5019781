package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connected model gets the translate task, the target language and the glossary. */
class OpenAiTranslateTest {

  private final ModelConfig config =
      ModelConfig.fromEnv(
          Map.of("FLEET_MODEL_PROVIDER", "openai", "FLEET_OPENAI_API_KEY", "sk-test-secret"));
  private final ScriptedChatModelFake model = new ScriptedChatModelFake();
  private final ModelActivitiesImpl activities =
      ModelActivitiesImpl.builder(config)
          .provider(new OpenAiModelProvider(config, tier -> model, new ContractValidator()))
          .build();

  @Test
  void states_the_translate_task_and_passes_language_and_glossary_in_the_context() {
    model.replies(
        """
        {"language":"de","title":"Automatisierung in jedem Arbeitsbereich",
         "summary":"Automatisierung kommt in jeden Arbeitsbereich.",
         "body":"Administratoren eines Arbeitsbereichs können jetzt Automatisierung einschalten; das Dashboard zeigt, was lief.",
         "glossaryTerms":[{"term":"workspace","target":"Arbeitsbereich"}]}
        """);

    ModelResponse response =
        activities.complete(
            SupportFixtures.request(
                "translate",
                "large",
                ModelTask.TRANSLATE,
                OfflineTranslateTest.SCHEMA,
                1,
                Map.of(
                    "language",
                    "de",
                    "title",
                    "Automation in every workspace",
                    "glossary",
                    OfflineTranslateTest.GLOSSARY)));

    assertThat(response.output())
        .containsEntry("language", "de")
        .containsEntry(
            "glossaryTerms", List.of(Map.of("term", "workspace", "target", "Arbeitsbereich")));
    String system = model.requests().get(0).messages().get(0).toString();
    assertThat(system).contains("Task: translate").contains("glossary's form for that language");
    String user = ((UserMessage) model.requests().get(0).messages().get(1)).singleText();
    assertThat(user).contains("\"language\" : \"de\"").contains("workspace: {de: Arbeitsbereich");
  }
}
