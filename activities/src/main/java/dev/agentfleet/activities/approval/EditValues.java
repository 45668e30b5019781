package dev.agentfleet.activities.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.ContractValidator;
import dev.agentfleet.activities.model.ModelUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values of an {@code edit} decision against the approval step's {@code edit.schema}
 * with the same JSON Schema validator as model outputs, and says what is wrong field by field
 * ({@code amount: must have a minimum value of 0}), so the approver can correct the edit.
 */
final class EditValues {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AT_FIELD = Pattern.compile("\\$\\.([^:]+): (.*)");
  private static final Pattern REQUIRED =
      Pattern.compile("\\$(?:\\.([^:]+))?: required property '([^']+)' not found");
  private static final Pattern NOT_ALLOWED =
      Pattern.compile("\\$(?:\\.([^:]+))?: property '([^']+)' is not defined in the schema.*");

  private final ContractValidator validator;

  EditValues(ContractValidator validator) {
    this.validator = validator;
  }

  /** Why the values do not satisfy the schema, or empty when they do. */
  Optional<String> problem(Map<String, Object> schema, Map<String, Object> values) {
    if (schema == null) {
      return Optional.of("this approval step allows no edits (it declares no edit schema)");
    }
    if (values == null) {
      return Optional.of("an edit carries the edited values, and this one has none");
    }
    List<String> violations;
    try {
      violations = validator.validate(JSON.writeValueAsString(schema), JSON.valueToTree(values));
    } catch (JsonProcessingException | IllegalArgumentException | ModelUnavailableException e) {
      return Optional.of("the step's edit schema cannot be checked: " + e.getMessage());
    }
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    List<String> fields = new ArrayList<>();
    violations.forEach(v -> fields.add(byField(v)));
    return Optional.of(
        "the edited values do not fit the step's edit schema: " + String.join("; ", fields));
  }

  /** A validator line with the field named first: {@code amount: ...} instead of a JSON path. */
  static String byField(String violation) {
    Matcher m = REQUIRED.matcher(violation);
    if (m.matches()) {
      return field(m.group(1), m.group(2)) + ": is required";
    }
    m = NOT_ALLOWED.matcher(violation);
    if (m.matches()) {
      return field(m.group(1), m.group(2)) + ": may not be edited (not in the edit schema)";
    }
    m = AT_FIELD.matcher(violation);
    if (m.matches()) {
      return m.group(1) + ": " + m.group(2);
    }
    return violation.startsWith("$: ") ? "values: " + violation.substring(3) : violation;
  }

  private static String field(String parent, String name) {
    return parent == null ? name : parent + "." + name;
  }
}
