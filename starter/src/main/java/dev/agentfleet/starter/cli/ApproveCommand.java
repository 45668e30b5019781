package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet approve RUN --as NAME [--set FIELD=VALUE...] [--set-file FIELD=PATH...]}: with
 * {@code --set} or {@code --set-file}, the approval is an edit whose values overlay the proposal
 * (the run checks them against the step's edit schema) and is counted as {@code edited}.
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

  @Option(
      names = "--set-file",
      paramLabel = "FIELD=PATH",
      description =
          "an edited text read from a UTF-8 file (repeatable), for a long value such as a drafted"
              + " reply; - reads standard input")
  List<String> fileEdits = new ArrayList<>();

  /** Read once: a file given as standard input cannot be read twice. */
  private Map<String, Object> cached;

  ApproveCommand(FleetContext context) {
    super(context);
  }

  @Override
  String decision() {
    return edits.isEmpty() && fileEdits.isEmpty()
        ? ApprovalDecision.APPROVE
        : ApprovalDecision.EDIT;
  }

  @Override
  Map<String, Object> values() {
    if (edits.isEmpty() && fileEdits.isEmpty()) {
      return null;
    }
    if (cached != null) {
      return cached;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (String edit : fileEdits) {
      int eq = edit.indexOf('=');
      if (eq <= 0 || eq == edit.length() - 1) {
        throw new FleetException(
            "--set-file " + edit + ": expected FIELD=PATH, for example --set-file reply=reply.txt");
      }
      values.put(edit.substring(0, eq).trim(), readText(edit.substring(eq + 1)));
    }
    for (String edit : edits) {
      int eq = edit.indexOf('=');
      if (eq <= 0) {
        throw new FleetException(
            "--set " + edit + ": expected FIELD=VALUE, for example --set amount=80");
      }
      values.put(edit.substring(0, eq).trim(), parse(edit.substring(eq + 1)));
    }
    cached = values;
    return values;
  }

  /** A file's text (standard input for {@code -}), strictly UTF-8, line breaks as {@code \n}. */
  private static String readText(String path) {
    byte[] bytes;
    try {
      bytes = path.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(path));
    } catch (IOException | InvalidPathException e) {
      throw new FleetException("--set-file: cannot read " + path + ": " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString()
          .replace("\r\n", "\n")
          .strip();
    } catch (CharacterCodingException e) {
      throw new FleetException("--set-file: " + path + " is not valid UTF-8 text");
    }
  }

  private static Object parse(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
