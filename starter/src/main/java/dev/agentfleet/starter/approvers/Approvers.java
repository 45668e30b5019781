package dev.agentfleet.starter.approvers;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The people who may decide approvals, loaded from a YAML file of the form {@code approvers:
 * [{name: alice, roles: [billing, support]}]}. The CLI looks the approver up here and sends their
 * roles with the decision; the workflow checks the role.
 */
public final class Approvers {

  /** What to write when the file is missing, shown in the error. */
  public static final String EXAMPLE = "approvers: [{name: alice, roles: [billing, support]}]";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Approver> byName;
  private final String source;

  private Approvers(Map<String, Approver> byName, String source) {
    this.byName = byName;
    this.source = source;
  }

  /** Loads the file, failing with a message that names the file and what to fix. */
  public static Approvers load(Path file) {
    return load(file, file.toString());
  }

  /** Loads the file; {@code shownAs} names it in messages (a path relative to the repo). */
  public static Approvers load(Path file, String shownAs) {
    if (!Files.isRegularFile(file)) {
      throw new ApproversException(
          "no approvers file at " + shownAs + " — create it, for example: " + EXAMPLE);
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), shownAs);
    } catch (IOException e) {
      throw new ApproversException("cannot read " + shownAs + ": " + e.getMessage());
    }
  }

  /** Parses approvers YAML; {@code source} names the text in messages. */
  public static Approvers parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new ApproversException(
          source + where + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " "));
    }
    JsonNode list = root == null ? null : root.get("approvers");
    if (list == null || !list.isArray()) {
      throw new ApproversException(
          source + ": expected a list under \"approvers\", for example: " + EXAMPLE);
    }
    Map<String, Approver> byName = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String where = "approvers[" + i + "]";
      JsonNode name = entry.get("name");
      if (name == null || !name.isTextual() || name.textValue().isBlank()) {
        problems.add(where + ": needs a name");
        continue;
      }
      JsonNode roles = entry.get("roles");
      if (roles == null || !roles.isArray()) {
        problems.add(where + " (" + name.textValue() + "): needs a list of roles");
        continue;
      }
      List<String> roleNames = new ArrayList<>();
      for (JsonNode role : roles) {
        if (!role.isTextual() || role.textValue().isBlank()) {
          problems.add(where + " (" + name.textValue() + "): every role must be a name");
        } else {
          roleNames.add(role.textValue().trim());
        }
      }
      String key = key(name.textValue());
      if (byName.containsKey(key)) {
        problems.add(where + ": " + name.textValue() + " is listed twice");
        continue;
      }
      byName.put(key, new Approver(name.textValue().trim(), roleNames));
    }
    if (!problems.isEmpty()) {
      throw new ApproversException(source + ": " + String.join("; ", problems));
    }
    return new Approvers(byName, source);
  }

  /** Finds an approver by name, ignoring case. */
  public Optional<Approver> find(String name) {
    return Optional.ofNullable(byName.get(key(name)));
  }

  /** Finds an approver or fails with a message that lists who is known. */
  public Approver require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new ApproversException(
                    "unknown approver '"
                        + name
                        + "' — known approvers in "
                        + source
                        + ": "
                        + (byName.isEmpty() ? "none" : String.join(", ", names()))));
  }

  /** Every approver's name, in file order. */
  public List<String> names() {
    return byName.values().stream().map(Approver::name).toList();
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
