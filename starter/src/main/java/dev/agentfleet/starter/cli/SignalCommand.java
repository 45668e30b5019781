package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.run.RunEvent;
import dev.agentfleet.workflows.run.RunReply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet signal ID NAME}: tells a run that something happened outside it ("the customer
 * replied"), as the run's {@code deliver-event} update, and prints the run's answer: recorded, or
 * refused with the reason. A wait step for that event ends when it arrives, or finds it already
 * received when the run gets there. A run whose worker predates the update gets the {@code event}
 * signal instead.
 */
@Command(
    name = "signal",
    description = "Send an event to a run: a wait step for the event's name ends when it arrives.")
final class SignalCommand implements Callable<Integer> {

  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long ANSWER_TIMEOUT_SECONDS = 10;

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
      description =
          "print what was sent and how the run answered as JSON: workflowId, event, sender, data,"
              + " outcome (accepted, refused, unacknowledged; sent for a run whose worker predates"
              + " event updates), via, message or reason, status, step")
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
    RunUpdates.Answer answer =
        RunUpdates.of(temporal, Duration.ofSeconds(ANSWER_TIMEOUT_SECONDS))
            .deliverEvent(workflowId, event);
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("workflowId", workflowId);
    sent.put("event", event.name());
    sent.put("sender", event.sender());
    sent.put("data", event.data());
    String line;
    int code;
    switch (answer) {
      case RunUpdates.Accepted accepted -> {
        RunReply reply = accepted.reply();
        sent.put("outcome", "accepted");
        sent.put("via", "update");
        sent.put("message", reply.message());
        sent.put("status", reply.status() == null ? null : reply.status().wireName());
        sent.put("step", reply.step());
        line =
            "accepted: "
                + workflowId
                + " "
                + reply.message()
                + " from "
                + event.sender()
                + (event.data().isEmpty() ? "" : " with " + event.data().size() + " data fields")
                + "; the run is now "
                + (reply.status() == null ? "unknown" : reply.status().wireName())
                + (reply.step() == null ? "" : " at step " + reply.step());
        code = 0;
      }
      case RunUpdates.Refused refused -> {
        sent.put("outcome", "refused");
        sent.put("via", "update");
        sent.put("reason", refused.reason());
        line = "refused because " + refused.reason();
        code = FleetCommand.REFUSED;
      }
      case RunUpdates.SentAsSignal signal -> {
        sent.put("outcome", "sent");
        sent.put("via", "signal");
        line =
            "sent event '"
                + event.name()
                + "' to "
                + workflowId
                + " from "
                + event.sender()
                + (event.data().isEmpty() ? "" : " with " + event.data().size() + " data fields")
                + " as the event signal (the run's worker predates event updates)";
        code = 0;
      }
      case RunUpdates.Unanswered unanswered -> {
        sent.put("outcome", "unacknowledged");
        sent.put("via", "update");
        line =
            "the run has not answered within "
                + unanswered.waited().toSeconds()
                + " s — is a worker running? (./fleet up); the run may still record the event when one polls";
        sent.put("reason", line);
        code = FleetException.ERROR;
      }
    }
    if (json) {
      context.printJson(sent);
    } else {
      (code == 0 ? context.out() : context.err()).println(line);
    }
    return code;
  }
}
