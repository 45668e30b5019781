package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunEvent;
import io.temporal.client.WorkflowNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet signal ID NAME}: tells a run that something happened outside it ("the customer
 * replied"), as the {@code event} signal. A wait step for that event ends when it arrives, or finds
 * it already received when the run gets there.
 */
@Command(
    name = "signal",
    description = "Send an event to a run: a wait step for the event's name ends when it arrives.")
final class SignalCommand implements Callable<Integer> {

  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetContext context;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "the run")
  String workflowId;

  @Parameters(index = "1", paramLabel = "NAME", description = "the event, e.g. replied")
  String name;

  @Option(
      names = "--data",
      paramLabel = "JSON",
      description = "what the event carries, a JSON object (default {})")
  String data;

  @Option(names = "--sender", paramLabel = "NAME", description = "who sends it (default: $USER)")
  String sender;

  @Option(
      names = "--json",
      description = "print what was sent as JSON: workflowId, event, sender, data")
  boolean json;

  SignalCommand(FleetContext context) {
    this.context = context;
  }

  /** The event this command sends, once its arguments are checked. */
  RunEvent event() {
    if (!EVENT_NAME.matcher(name).matches()) {
      throw new FleetException(
          "'" + name + "' is not an event name (letters, digits, '.', '_', '-')",
          FleetCommand.USAGE);
    }
    String from = sender != null ? sender : context.env().getOrDefault("USER", "fleet-cli");
    return new RunEvent(name, data(data), from.isBlank() ? "fleet-cli" : from.strip(), 0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FleetException(
          "--data is not JSON: "
              + e.getOriginalMessage()
              + " (give an object such as"
              + " '{\"text\": \"thanks\"}')",
          FleetCommand.USAGE);
    }
    if (tree == null || !tree.isObject()) {
      throw new FleetException(
          "--data must be a JSON object such as '{\"text\": \"thanks\"}', got " + text.strip(),
          FleetCommand.USAGE);
    }
    return JSON.convertValue(tree, Map.class);
  }

  @Override
  public Integer call() {
    RunEvent event = event();
    TemporalConnection temporal = context.connectedTemporal();
    try {
      temporal.client().newWorkflowStub(AgentWorkflow.class, workflowId).event(event);
    } catch (WorkflowNotFoundException e) {
      throw new FleetException(
          "no running run with id '"
              + workflowId
              + "' in namespace "
              + temporal.namespace()
              + " (it does not exist or has ended) — see ./fleet runs");
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send the event to " + workflowId + ": " + temporal.explain(e));
    }
    if (json) {
      Map<String, Object> sent = new LinkedHashMap<>();
      sent.put("workflowId", workflowId);
      sent.put("event", event.name());
      sent.put("sender", event.sender());
      sent.put("data", event.data());
      context.printJson(sent);
      return 0;
    }
    context
        .out()
        .println(
            "sent event '"
                + event.name()
                + "' to "
                + workflowId
                + " from "
                + event.sender()
                + (event.data().isEmpty() ? "" : " with " + event.data().size() + " data fields"));
    return 0;
  }
}
