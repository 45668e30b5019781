package dev.agentfleet.activities.model;

import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelTask;
import java.util.List;
import java.util.Map;

/** Labels, examples and schemas of a support-triage agent, written for these tests. */
final class SupportFixtures {

  static final List<String> LABELS = List.of("refund", "spam", "technical", "shipping");

  static final List<Example> EXAMPLES =
      List.of(
          new Example("refund", "I want my money back for the jacket I returned last week."),
          new Example("refund", "Please refund the duplicate charge on my order."),
          new Example("refund", "The blender arrived broken, I would like a full refund."),
          new Example("spam", "Congratulations! You have won a free cruise, click this link now."),
          new Example("spam", "Cheap pills and crypto investment, guaranteed 500% returns."),
          new Example("spam", "Increase your website traffic with our SEO services, reply today."),
          new Example("technical", "The app crashes every time I open the settings page."),
          new Example("technical", "I get error 503 when I try to log in to my dashboard."),
          new Example("technical", "The export button does nothing and the page freezes."),
          new Example("shipping", "Where is my package? Tracking has not updated for five days."),
          new Example("shipping", "My parcel was delivered to the wrong address."),
          new Example("shipping", "When will my order ship? It still says processing."));

  static final String CLASSIFY_SCHEMA =
      """
      {"type":"object","required":["category","confidence","reasons"],
       "additionalProperties":false,
       "properties":{
         "category":{"enum":["refund","spam","technical","shipping"]},
         "confidence":{"type":"number","minimum":0,"maximum":1},
         "reasons":{"type":"array","items":{"type":"string"},"minItems":1}}}
      """;

  static final String EXTRACT_SCHEMA =
      """
      {"$schema":"https://json-schema.org/draft/2020-12/schema",
       "type":"object","required":["orderId","amount","currency","urgency","summary"],
       "properties":{
         "orderId":{"type":["string","null"]},
         "amount":{"type":["number","null"],"minimum":0},
         "currency":{"type":["string","null"],"pattern":"^[A-Z]{3}$"},
         "urgency":{"enum":["low","normal","high"]},
         "summary":{"type":"string","minLength":1,"maxLength":160},
         "customer":{"type":"string"},
         "loyaltyTier":{"type":"string"}}}
      """;

  static final String DRAFT_SCHEMA =
      """
      {"type":"object","required":["reply"],
       "properties":{"reply":{"type":"string","minLength":20},"tone":{"type":"string"}}}
      """;

  private SupportFixtures() {}

  static ModelRequest classify(String text) {
    return request("triage", "small", ModelTask.CLASSIFY, CLASSIFY_SCHEMA, 1, Map.of("text", text));
  }

  static ModelRequest extract(String text) {
    return request("extract", "small", ModelTask.EXTRACT, EXTRACT_SCHEMA, 1, Map.of("text", text));
  }

  static ModelRequest request(
      String stepId,
      String tier,
      ModelTask task,
      String schema,
      int maxRepairs,
      Map<String, Object> context) {
    return new ModelRequest(
        "run-1/" + stepId,
        "support-triage",
        stepId,
        tier,
        task,
        "Handle this support ticket.",
        task == ModelTask.CLASSIFY ? LABELS : List.of(),
        task == ModelTask.CLASSIFY ? EXAMPLES : List.of(),
        schema,
        maxRepairs,
        context);
  }
}
