package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ExamplesFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A classify step's labelled examples, written either inline as a list of {@code {label, text}} or
 * as a reference to a data file: {@code {file: data/x.csv, text: COLUMN, label: COLUMN}}.
 * Serialised back the way it was written (a list, or the reference with its content hash), so a
 * definition recorded before data files existed reads as it did.
 *
 * @param inline the examples written in the playbook; empty when they come from a file
 * @param file the data file they come from; null when inline
 */
public record Examples(List<Example> inline, ExamplesFile file) {

  /** No examples at all. */
  public static final Examples NONE = new Examples(List.of(), null);

  private static final Set<String> FILE_FIELDS = Set.of("file", "text", "label", "sha256");

  public Examples {
    inline = inline == null ? List.of() : List.copyOf(inline);
  }

  /** Inline examples. */
  public static Examples of(List<Example> inline) {
    return new Examples(inline, null);
  }

  /**
   * Reads either form.
   *
   * @throws IllegalArgumentException saying which form was expected and what came
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Examples fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NONE;
    }
    if (node.isArray()) {
      List<Example> examples = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        JsonNode label = item.get("label");
        JsonNode text = item.get("text");
        if (!item.isObject()
            || label == null
            || !label.isValueNode()
            || text == null
            || !text.isTextual()
            || item.size() != 2) {
          throw new IllegalArgumentException(
              "examples[" + i + "]: expected a mapping {label, text} with text as text");
        }
        examples.add(new Example(label.asText(), text.asText()));
      }
      return of(examples);
    }
    if (node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FILE_FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "examples: unknown field '" + name + "' (a data file is {file, text, label})");
        }
      }
      JsonNode file = node.get("file");
      if (file == null || !file.isTextual() || file.asText().isBlank()) {
        throw new IllegalArgumentException(
            "examples: expected a list of {label, text} or a data file {file, text, label}"
                + " with file as a path relative to the playbook");
      }
      return new Examples(
          List.of(),
          new ExamplesFile(
              file.asText(),
              textOrNull(node, "text"),
              textOrNull(node, "label"),
              textOrNull(node, "sha256")));
    }
    throw new IllegalArgumentException(
        "examples: expected a list of {label, text} or a data file {file, text, label}");
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The form it was written in: the list, or the file reference. */
  @JsonValue
  public Object json() {
    return file != null ? file : inline;
  }

  /** True when there are no examples of either kind. */
  public boolean isEmpty() {
    return file == null && inline.isEmpty();
  }
}
