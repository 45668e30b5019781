package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineDraftTest {

  private static ModelActivitiesImpl activities;

  @BeforeAll
  static void createActivities() {
    activities =
        ModelActivitiesImpl.builder(ModelConfig.offline())
            .provider(new OfflineModelProvider(SharedEmbeddingModel.get()))
            .build();
  }

  @Test
  void drafts_a_refund_reply_from_the_context_and_says_it_was_drafted_offline() {
    ModelResponse response =
        activities.complete(
            SupportFixtures.request(
                "draft",
                "large",
                ModelTask.DRAFT,
                SupportFixtures.DRAFT_SCHEMA,
                1,
                Map.of(
                    "category", "refund",
                    "summary", "Charged twice for the blender",
                    "orderId", "A-10423",
                    "customer", "Maria",
                    "subject", "Charged twice")));

    String reply = (String) response.output().get("reply");
    assertThat(reply)
        .startsWith("Hi Maria,")
        .contains("refund for order A-10423")
        .contains("Charged twice for the blender")
        .endsWith(
            "— drafted offline by Agent Fleet (template tier); a person or a connected model can"
                + " refine it.");
    assertThat(response.output()).containsEntry("tone", "apologetic");
    assertThat(response.provider()).isEqualTo("offline");
    assertThat(response.model()).isEqualTo("templates");
  }

  @Test
  void fills_the_fields_a_richer_draft_schema_asks_for() {
    String schema =
        """
        {"type":"object","required":["reply","tone","subject"],"additionalProperties":false,
         "properties":{"reply":{"type":"string"},
                       "tone":{"enum":["empathetic","neutral"]},
                       "subject":{"type":"string"}}}
        """;

    ModelResponse response =
        activities.complete(
            SupportFixtures.request(
                "draft",
                "large",
                ModelTask.DRAFT,
                schema,
                0,
                Map.of("category", "shipping", "subject", "Where is my parcel?")));

    assertThat(response.output())
        .containsEntry("subject", "Re: Where is my parcel?")
        .containsEntry("tone", "neutral");
    assertThat((String) response.output().get("reply"))
        .startsWith("Hi there,")
        .contains("tracking details");
  }
}
