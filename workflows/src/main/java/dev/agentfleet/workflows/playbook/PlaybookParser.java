package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.util.List;

/**
 * Parses playbook YAML into a validated {@link AgentDefinition}. Parsing is a pure function of the
 * text: callers read the file, so this stays free of I/O and usable from any plane.
 */
public final class PlaybookParser {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  private PlaybookParser() {}

  /**
   * Parses and validates a playbook.
   *
   * @param text the YAML text
   * @param source where the text came from, used in every message
   * @throws PlaybookException listing every problem found, each naming its place
   */
  public static Playbook parse(String text, String source) {
    AgentDefinition definition;
    try {
      definition = YAML.readValue(text, AgentDefinition.class);
    } catch (JsonProcessingException e) {
      throw new PlaybookException(source, List.of(describe(e, source)));
    }
    if (definition == null) {
      throw new PlaybookException(source, List.of(source + ": the file is empty"));
    }
    List<String> problems = PlaybookValidator.problems(definition, source);
    if (!problems.isEmpty()) {
      throw new PlaybookException(source, problems);
    }
    return new Playbook(definition, WorkflowIds.shortHash(text), source);
  }

  private static String describe(JsonProcessingException e, String source) {
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? source
            : source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    String field = "";
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field = " at " + pathOf(mapping) + ":";
    }
    return where + ":" + field + " " + e.getOriginalMessage();
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
