package dev.agentfleet.activities.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the workers' money configuration lives and how its YAML is read: {@code
 * config/currencies.yaml} (the rates table) and {@code config/policies.yaml} (who may authorise
 * what). A file is found at its variable ({@code FLEET_CURRENCIES}, {@code FLEET_POLICIES}), else
 * under {@code FLEET_REPO/config/}, else in the nearest {@code config/} folder of the working
 * directory or one of its parents (a module folder in a checkout finds the repository's).
 */
public final class PolicyFiles {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyFiles() {}

  /** The rates table's path: {@code FLEET_CURRENCIES}, else {@code config/currencies.yaml}. */
  public static Path currencies(Map<String, String> env) {
    return locate(env, "FLEET_CURRENCIES", "currencies.yaml");
  }

  /** The policy's path: {@code FLEET_POLICIES}, else {@code config/policies.yaml}. */
  public static Path policies(Map<String, String> env) {
    return locate(env, "FLEET_POLICIES", "policies.yaml");
  }

  private static Path locate(Map<String, String> env, String variable, String name) {
    String set = env.get(variable);
    if (set != null && !set.isBlank()) {
      return Path.of(set.strip()).toAbsolutePath();
    }
    String repo = env.get("FLEET_REPO");
    if (repo != null && !repo.isBlank()) {
      return Path.of(repo.strip()).toAbsolutePath().resolve("config").resolve(name);
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("config").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return cwd.resolve("config").resolve(name);
  }

  /** Reads a YAML file's tree, failing with the file (and line) and what was expected. */
  static JsonNode read(Path file, String variable) {
    if (!Files.isRegularFile(file)) {
      throw new PolicyException(
          "no file at "
              + file
              + "; the workers need it to enforce money limits (set "
              + variable
              + " or add config/"
              + file.getFileName()
              + " to the repository)");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException("cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code source} names it in messages. */
  static JsonNode parse(String text, String source) {
    try {
      JsonNode root = YAML.readTree(text);
      if (root == null || !root.isObject()) {
        throw new PolicyException(source + ": expected a YAML mapping at the top");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new PolicyException(
          source + where + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " "));
    }
  }

  /** A number 0 or more at {@code field}, failing with the source and field otherwise. */
  static BigDecimal amount(JsonNode node, String source, String field) {
    BigDecimal value = null;
    if (node != null && node.isNumber()) {
      value = node.decimalValue();
    } else if (node != null && node.isTextual()) {
      try {
        value = new BigDecimal(node.textValue().strip());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value.signum() < 0) {
      throw new PolicyException(
          source
              + ": "
              + field
              + " must be a number 0 or more, got "
              + (node == null ? "nothing" : node));
    }
    return value;
  }
}
