package dev.agentfleet.eval;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.InputField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a labelled file's columns become the agent's input record.
 *
 * <ul>
 *   <li>A column named like one of the agent's input fields fills that field as it is.
 *   <li>The text column ({@code --text-field}, default {@value #DEFAULT_TEXT_COLUMN}) fills the
 *       agent's text field: the input field of the same name when the agent declares one, else the
 *       first of {@value #TEXT_FIELDS_SHOWN} it declares. A row that already has that field keeps
 *       its own value.
 *   <li>The label column ({@code --label-field}, default the first of {@code label}, {@code
 *       category}, {@code intent} the file has) is the right answer, never part of the input.
 *   <li>{@code id} is the record's id; a row without one gets {@code line-N}, N its line.
 * </ul>
 *
 * The mapping is refused at once, before any record is evaluated, when a required input field
 * cannot be filled from the file's columns, or when the label column is missing.
 *
 * @param textColumn the column the text comes from
 * @param textField the agent input field it fills; empty when the agent has no text field (then
 *     every input field must come from a column of its own)
 * @param labelColumn the column holding the right label
 */
public record InputMapping(String textColumn, Optional<String> textField, String labelColumn) {

  /** The text column when {@code --text-field} is not given. */
  public static final String DEFAULT_TEXT_COLUMN = "text";

  /** The label columns looked for, in order, when {@code --label-field} is not given. */
  public static final List<String> DEFAULT_LABEL_COLUMNS = List.of("label", "category", "intent");

  /** The agent fields the text goes to when the agent has none named like the text column. */
  public static final List<String> TEXT_FIELDS =
      List.of("text", "body", "message", "query", "description", "content");

  private static final String TEXT_FIELDS_SHOWN =
      "text, body, message, query, description, content";

  /**
   * Works out the mapping for a file with {@code columns} and checks that it fills every required
   * input field of {@code definition}.
   *
   * @param textColumn {@code --text-field}, null for the default
   * @param labelColumn {@code --label-field}, null for the default
   * @throws EvalException naming the missing columns or fields and what to pass
   */
  public static InputMapping of(
      AgentDefinition definition, List<String> columns, String textColumn, String labelColumn) {
    String text = textColumn == null ? DEFAULT_TEXT_COLUMN : textColumn;
    String label = labelColumn == null ? defaultLabel(columns) : labelColumn;
    if (label == null || !columns.contains(label)) {
      throw new EvalException(
          "the file has no label column "
              + (labelColumn == null
                  ? "(looked for " + String.join(", ", DEFAULT_LABEL_COLUMNS) + ")"
                  : "'" + labelColumn + "'")
              + "; its columns are "
              + String.join(", ", columns)
              + " — name the label column with --label-field");
    }
    if (label.equals(text)) {
      throw new EvalException("the text column and the label column are both '" + label + "'");
    }
    Optional<String> target = textField(definition, text);
    Set<String> filled = new java.util.HashSet<>(columns);
    filled.add("id");
    if (target.isPresent() && columns.contains(text)) {
      filled.add(target.get());
    }
    List<String> missing = new ArrayList<>();
    for (InputField field : definition.input()) {
      if (field.required() && !filled.contains(field.name())) {
        missing.add(field.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new EvalException(
          "agent "
              + definition.name()
              + (missing.size() == 1 ? " needs the input field " : " needs the input fields ")
              + String.join(", ", missing)
              + ", which no column of the file fills (columns: "
              + String.join(", ", columns)
              + "; the text column '"
              + text
              + "' fills "
              + target
                  .map(f -> "input." + f)
                  .orElse("no field: the agent has none of " + TEXT_FIELDS_SHOWN)
              + ") — add the columns, or name the text column with --text-field");
    }
    return new InputMapping(text, target, label);
  }

  /** One line for the report: what fills what. */
  public String describe() {
    return "label column '"
        + labelColumn
        + "'; text column '"
        + textColumn
        + "' -> "
        + textField.map(f -> "input." + f).orElse("(none)")
        + "; other columns named like input fields fill them";
  }

  private static String defaultLabel(List<String> columns) {
    return DEFAULT_LABEL_COLUMNS.stream().filter(columns::contains).findFirst().orElse(null);
  }

  private static Optional<String> textField(AgentDefinition definition, String textColumn) {
    List<String> declared = definition.input().stream().map(InputField::name).toList();
    if (declared.contains(textColumn)) {
      return Optional.of(textColumn);
    }
    return TEXT_FIELDS.stream().filter(declared::contains).findFirst();
  }
}
