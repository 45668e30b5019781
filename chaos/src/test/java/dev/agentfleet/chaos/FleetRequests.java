package dev.agentfleet.chaos;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolSpec;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model requests as the fleet's workflows build them, from the shipped playbooks in {@code agents/}
 * and their sample records in {@code examples/}, and the model configuration that points the
 * fleet's real OpenAI provider at a chaos server.
 */
final class FleetRequests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  /** The shipped agents and their sample records. */
  static final Map<String, String> AGENTS =
      Map.of(
          "support-triage", "tickets.jsonl",
          "content-ops", "briefs.jsonl",
          "lead-followup", "leads.jsonl");

  private FleetRequests() {}

  /** The fleet's model configuration for the {@code openai} provider at the server. */
  static ModelConfig config(ChaosModelServer server, Duration timeout) {
    return new ModelConfig(
        ModelConfig.OPENAI,
        server.baseUrl(),
        "sk-chaos-test",
        "gpt-4o-mini",
        "gpt-4o",
        new ModelConfig.Price(0.15, 0.60),
        new ModelConfig.Price(2.50, 10.00),
        timeout);
  }

  static Playbook playbook(String agent) {
    Path file = REPO.resolve("agents").resolve(agent + ".yaml");
    return PlaybookParser.parse(read(file), file.toString());
  }

  /** One request per model step (a map's inner model step included) per sample record. */
  static List<ModelRequest> modelRequests(String agent) {
    Playbook playbook = playbook(agent);
    List<ModelRequest> requests = new ArrayList<>();
    for (Map<String, Object> record : records(AGENTS.get(agent))) {
      for (StepDef step : playbook.definition().steps()) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("input", record);
        vars.put("steps", Map.of());
        vars.put("run", Map.of());
        if (step instanceof ModelStep model) {
          requests.add(request(agent, record, step.id(), model, vars));
        } else if (step instanceof MapStep map && map.step() instanceof ModelStep model) {
          vars.put(map.as(), "de");
          requests.add(request(agent, record, step.id(), model, vars));
        }
      }
    }
    return requests;
  }

  /** The first model request of a shipped agent's first sample record. */
  static ModelRequest classifyTicket() {
    return modelRequests("support-triage").get(0);
  }

  /** An agent turn like the guide's example: one tool offered, a final answer with a schema. */
  static AgentTurnRequest agentTurn() {
    return new AgentTurnRequest(
        "order-agent/T-1/resolve/1",
        "order-agent/T-1",
        "order-agent",
        "resolve",
        "large",
        1,
        "Resolve this ticket: where is order A-10423?",
        Map.of("body", "Order A-10423 has not arrived."),
        List.of(
            new ToolSpec(
                "lookup_order",
                "Look an order up by id",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("orderId", Map.of("type", "string")),
                    "required",
                    List.of("orderId")))),
        List.of(),
        "{\"type\":\"object\",\"required\":[\"answer\"],"
            + "\"properties\":{\"answer\":{\"type\":\"string\",\"minLength\":1}}}");
  }

  private static ModelRequest request(
      String agent,
      Map<String, Object> record,
      String stepId,
      ModelStep step,
      Map<String, Object> vars) {
    Map<String, Object> context = new LinkedHashMap<>();
    step.context().forEach((name, template) -> context.put(name, Templates.value(template, vars)));
    return ModelStepRunner.request(
        step,
        agent + "/" + record.get("id") + "/" + stepId,
        stepId,
        agent,
        step.tier(),
        vars,
        context);
  }

  private static List<Map<String, Object>> records(String file) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (String line : read(REPO.resolve("examples").resolve(file)).split("\n")) {
      if (!line.isBlank()) {
        try {
          records.add(JSON.readValue(line, MAP));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return records;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
