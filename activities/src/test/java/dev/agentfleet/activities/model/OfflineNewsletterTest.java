package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The offline provider's draft of a newsletter, when the step's context carries a brief. */
class OfflineNewsletterTest {

  static final String SCHEMA =
      """
      {"type":"object","required":["title","body","summary"],"additionalProperties":false,
       "properties":{
         "title":{"type":"string","minLength":3,"maxLength":120},
         "body":{"type":"string","minLength":80},
         "summary":{"type":"string","minLength":10,"maxLength":300}}}
      """;

  private static ModelActivitiesImpl activities;

  @BeforeAll
  static void createActivities() {
    activities =
        ModelActivitiesImpl.builder(ModelConfig.offline())
            .provider(new OfflineModelProvider(SharedEmbeddingModel.get()))
            .build();
  }

  private static ModelResponse draft(Map<String, Object> context) {
    return activities.complete(
        SupportFixtures.request("draft", "large", ModelTask.DRAFT, SCHEMA, 0, context));
  }

  @Test
  void arranges_the_brief_as_a_newsletter_and_says_it_was_drafted_offline() {
    ModelResponse response =
        draft(
            Map.of(
                "title", "Single sign-on for every plan",
                "audience", "IT administrators",
                "brief",
                    "Single sign-on is no longer an Enterprise feature. Setting it up takes ten"
                        + " minutes.\n\nLeavers lose access the moment their account is closed."));

    Map<String, Object> out = response.output();
    assertThat(out).containsOnlyKeys("title", "body", "summary");
    assertThat(out.get("title")).isEqualTo("Single sign-on for every plan");
    assertThat(out.get("summary")).isEqualTo("Single sign-on is no longer an Enterprise feature.");
    assertThat((String) out.get("body"))
        .startsWith("Hello IT administrators,\n\nThis edition: Single sign-on for every plan.")
        .contains(
            "Setting it up takes ten minutes.\n\nLeavers lose access the moment their account is"
                + " closed.")
        .endsWith(NewsletterDraft.OFFLINE_NOTICE);
    assertThat(response.provider()).isEqualTo("offline");
  }

  @Test
  void takes_the_title_from_the_brief_when_there_is_no_working_title() {
    Map<String, Object> out =
        draft(Map.of("brief", "Boards now open twice as fast! Everything else is as it was."))
            .output();

    assertThat(out.get("title")).isEqualTo("Boards now open twice as fast");
    assertThat((String) out.get("body")).startsWith("Hello everyone,");
  }

  @Test
  void without_a_brief_a_draft_is_still_a_support_reply() {
    Map<String, Object> out =
        activities
            .complete(
                SupportFixtures.request(
                    "draft",
                    "large",
                    ModelTask.DRAFT,
                    SupportFixtures.DRAFT_SCHEMA,
                    1,
                    Map.of("category", "shipping", "subject", "Where is my parcel?")))
            .output();

    assertThat((String) out.get("reply")).startsWith("Hi there,").contains("tracking details");
  }
}
