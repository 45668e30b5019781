package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet approve ID --as NAME [--set FIELD=VALUE...]}: with {@code --set}, the approval is an
 * edit whose values overlay the proposal (the run checks them against the step's edit schema).
 */
@Command(
    name = "approve",
    description =
        "Approve what a waiting run proposes, as NAME; with --set, approve it edited (the step must"
            + " allow edits).")
final class ApproveCommand extends DecisionCommand {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description =
          "an edited value (repeatable); VALUE is read as JSON when it parses (80, true, \"x\"),"
              + " else as text")
  List<String> edits = new ArrayList<>();

  ApproveCommand(FleetContext context) {
    super(context);
  }

  @Override
  String decision() {
    return edits.isEmpty() ? ApprovalDecision.APPROVE : ApprovalDecision.EDIT;
  }

  @Override
  Map<String, Object> values() {
    if (edits.isEmpty()) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (String edit : edits) {
      int eq = edit.indexOf('=');
      if (eq <= 0) {
        throw new FleetException(
            "--set " + edit + ": expected FIELD=VALUE, for example --set amount=80");
      }
      values.put(edit.substring(0, eq).trim(), parse(edit.substring(eq + 1)));
    }
    return values;
  }

  private static Object parse(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
