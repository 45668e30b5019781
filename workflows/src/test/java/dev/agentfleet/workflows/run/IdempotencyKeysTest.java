package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The idempotency-key scheme: every path that hands a key to the execution plane, with the exact
 * string it sends; the keys the recorded histories hold (what ledgers already store), rebuilt by
 * the scheme; and a scan that finds no key built anywhere else.
 */
class IdempotencyKeysTest {

  private static final String RUN = "support-triage/T-1";
  private static final Path HISTORIES = Path.of("src", "test", "resources", "histories");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void every_action_path_has_its_key() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("model step", IdempotencyKeys.model(RUN, "classify"));
    keys.put("action step", IdempotencyKeys.action(RUN, "refund"));
    keys.put("notify step", IdempotencyKeys.notify(RUN, "tell_ops"));
    keys.put("map item (model or action)", IdempotencyKeys.mapItem(RUN, "publish", 2));
    keys.put("compensation", IdempotencyKeys.compensation(IdempotencyKeys.action(RUN, "refund")));
    keys.put(
        "compensation of a map item",
        IdempotencyKeys.compensation(IdempotencyKeys.mapItem(RUN, "publish", 0)));
    keys.put("alert", IdempotencyKeys.alert(RUN, "refund", 1_767_225_600_000L));
    keys.put("escalation, first role", IdempotencyKeys.escalation(RUN, "approve", 1));
    keys.put("escalation, second role", IdempotencyKeys.escalation(RUN, "approve", 2));
    String loop = IdempotencyKeys.agentLoop(RUN, "resolve", 1);
    keys.put("agent turn", IdempotencyKeys.agentTurn(loop, 3));
    keys.put("agent tool call", IdempotencyKeys.toolCall(loop, 3, 2));
    String again = IdempotencyKeys.agentLoop(RUN, "resolve", 2);
    keys.put("agent turn, second execution", IdempotencyKeys.agentTurn(again, 1));
    keys.put("agent tool call, second execution", IdempotencyKeys.toolCall(again, 1, 1));
    keys.put("memory remember", IdempotencyKeys.remember(RUN));
    keys.put("retry after dead-letter (the step's own key)", IdempotencyKeys.action(RUN, "refund"));

    assertThat(keys)
        .containsExactly(
            Map.entry("model step", "support-triage/T-1/classify"),
            Map.entry("action step", "support-triage/T-1/refund"),
            Map.entry("notify step", "support-triage/T-1/tell_ops"),
            Map.entry("map item (model or action)", "support-triage/T-1/publish/2"),
            Map.entry("compensation", "support-triage/T-1/refund/compensate"),
            Map.entry("compensation of a map item", "support-triage/T-1/publish/0/compensate"),
            Map.entry("alert", "support-triage/T-1/refund/alert/1767225600000"),
            Map.entry("escalation, first role", "support-triage/T-1/approve/escalation"),
            Map.entry("escalation, second role", "support-triage/T-1/approve/escalation/2"),
            Map.entry("agent turn", "support-triage/T-1/resolve/3"),
            Map.entry("agent tool call", "support-triage/T-1/resolve/3/2"),
            Map.entry("agent turn, second execution", "support-triage/T-1/resolve@2/1"),
            Map.entry("agent tool call, second execution", "support-triage/T-1/resolve@2/1/1"),
            Map.entry("memory remember", "support-triage/T-1/remember"),
            Map.entry("retry after dead-letter (the step's own key)", "support-triage/T-1/refund"));
  }

  @Test
  void outside_the_default_namespace_the_namespace_names_the_run() {
    assertThat(IdempotencyKeys.run("default", RUN)).isEqualTo(RUN);
    assertThat(IdempotencyKeys.run("billing", RUN)).isEqualTo("billing:support-triage/T-1");
    String action = IdempotencyKeys.action(IdempotencyKeys.run("billing", RUN), "refund");
    assertThat(action).isEqualTo("billing:support-triage/T-1/refund");
    assertThat(IdempotencyKeys.withinRun(RUN, action)).isEqualTo("refund");
    assertThat(IdempotencyKeys.withinRun("other/T-1", action)).isNull();
  }

  @Test
  void a_key_reads_back_as_the_part_after_its_run() {
    String turn = IdempotencyKeys.agentTurn(IdempotencyKeys.agentLoop(RUN, "resolve", 2), 3);

    assertThat(IdempotencyKeys.withinRun(RUN, turn)).isEqualTo("resolve@2/3");
    assertThat(IdempotencyKeys.withinRun("support-triage/T-10", turn)).isNull();
    assertThat(IdempotencyKeys.withinRun(null, turn)).isNull();
    assertThat(IdempotencyKeys.withinRun(RUN, null)).isNull();
  }

  @Test
  void the_keys_in_recorded_histories_are_the_keys_the_scheme_builds() throws IOException {
    TreeSet<String> kindsSeen = new TreeSet<>();
    List<String> unexplained = new ArrayList<>();
    Map<String, Integer> retried = new LinkedHashMap<>();
    for (Path history : histories()) {
      JsonNode events = JSON.readTree(history.toFile()).path("events");
      String recordId = recordId(events);
      for (JsonNode event : events) {
        JsonNode scheduled = event.path("activityTaskScheduledEventAttributes");
        for (JsonNode payload : scheduled.path("input").path("payloads")) {
          JsonNode request = decode(payload);
          if (!request.hasNonNull("idempotencyKey")) {
            continue;
          }
          String activity = scheduled.path("activityType").path("name").asText();
          String key = request.get("idempotencyKey").asText();
          String run = WorkflowIds.forRecord(request.path("agent").asText(), recordId);
          String kind = kindOf(activity, key, run, request.path("stepId").asText(null));
          if (kind == null) {
            unexplained.add(history.getFileName() + ": " + activity + " " + key);
          } else {
            kindsSeen.add(kind);
          }
          if (history.getFileName().toString().equals("policies-dead-letter-retry.json")) {
            retried.merge(key, 1, Integer::sum);
          }
        }
      }
    }

    assertThat(unexplained).as("keys the scheme does not build").isEmpty();
    assertThat(kindsSeen)
        .containsExactly(
            "action step",
            "agent tool call",
            "agent turn",
            "compensation",
            "escalation",
            "map item",
            "memory remember",
            "model step");
    assertThat(retried)
        .as("the step retried after its dead-letter was sent under the key it failed with")
        .containsEntry(IdempotencyKeys.action("policies/DL-1", "confirm"), 2);
  }

  /** Which path of the scheme builds {@code key} for this request, or null when none does. */
  private static String kindOf(String activity, String key, String run, String stepId) {
    Map<String, String> built = new LinkedHashMap<>();
    switch (activity) {
      case "ModelComplete" -> {
        built.put(IdempotencyKeys.model(run, stepId), "model step");
        mapItems(built, run, stepId);
      }
      case "AgentTurn" -> {
        for (int execution = 1; execution <= 3; execution++) {
          String loop = IdempotencyKeys.agentLoop(run, stepId, execution);
          for (int turn = 1; turn <= 10; turn++) {
            built.put(IdempotencyKeys.agentTurn(loop, turn), "agent turn");
          }
        }
      }
      case "ActionExecute" -> {
        built.put(IdempotencyKeys.action(run, stepId), "action step");
        mapItems(built, run, stepId);
        new ArrayList<>(built.keySet())
            .forEach(k -> built.put(IdempotencyKeys.compensation(k), "compensation"));
        for (int level = 1; level <= 5; level++) {
          built.put(IdempotencyKeys.escalation(run, stepId, level), "escalation");
        }
        for (int execution = 1; execution <= 3; execution++) {
          String loop = IdempotencyKeys.agentLoop(run, stepId, execution);
          for (int turn = 1; turn <= 10; turn++) {
            for (int call = 1; call <= 5; call++) {
              built.put(IdempotencyKeys.toolCall(loop, turn, call), "agent tool call");
            }
          }
        }
        Matcher alert = Pattern.compile(".*/alert/(\\d+)").matcher(key);
        if (alert.matches()) {
          long at = Long.parseLong(alert.group(1));
          built.put(IdempotencyKeys.alert(run, stepId, at), "alert");
        }
      }
      case "MemoryRemember" -> built.put(IdempotencyKeys.remember(run), "memory remember");
      default -> {}
    }
    return built.get(key);
  }

  private static void mapItems(Map<String, String> built, String run, String stepId) {
    for (int i = 0; i < 20; i++) {
      built.put(IdempotencyKeys.mapItem(run, stepId, i), "map item");
    }
  }

  @Test
  void no_main_code_outside_the_scheme_builds_a_key() throws IOException {
    Pattern concatenation =
        Pattern.compile(
            "workflowId(\\(\\))?\\s*\\+\\s*\"/\"" // a run's id followed by a separator
                + "|[kK]ey(\\(\\))?\\s*\\+\\s*\"[/@]\"" // a key extended by a separator
                + "|idempotencyKey\\(\\)\\s*\\+" // a request's key extended
                + "|\"/(compensate|alert/|escalation|remember)"); // a shape's literal part
    // Audit entries of an action are named after its key: they record the effect, they are not one.
    Pattern auditEntryId = Pattern.compile("idempotencyKey\\(\\)\\s*\\+\\s*suffix");
    List<String> found = new ArrayList<>();
    Path root = Path.of("..").toAbsolutePath().normalize();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            if (file.endsWith("dev/agentfleet/workflows/run/IdempotencyKeys.java")) {
              continue;
            }
            // The whole text, so that a concatenation the formatter split over lines is found too.
            String text = Files.readString(file);
            Matcher m = concatenation.matcher(text);
            while (m.find()) {
              int line = (int) text.substring(0, m.start()).lines().count();
              String at = text.substring(m.start(), Math.min(text.length(), m.end() + 30));
              if (!auditEntryId.matcher(at).lookingAt()) {
                found.add(root.relativize(file) + ":" + line + ": " + at.replaceAll("\\s+", " "));
              }
            }
          }
        }
      }
    }
    assertThat(found).as("keys built outside IdempotencyKeys").isEmpty();
  }

  private static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** The record id the run was started for (carried over when it continued as new). */
  private static String recordId(JsonNode events) throws IOException {
    JsonNode start = events.path(0).path("workflowExecutionStartedEventAttributes");
    JsonNode input = decode(start.path("input").path("payloads").path(0));
    return input.path("item").path("id").asText(null);
  }

  private static JsonNode decode(JsonNode payload) throws IOException {
    if (!payload.hasNonNull("data")) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(Base64.getDecoder().decode(payload.get("data").asText()));
  }
}
