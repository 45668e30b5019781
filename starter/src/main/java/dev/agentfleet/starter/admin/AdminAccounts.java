package dev.agentfleet.starter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.starter.approvers.Approvers;
import dev.agentfleet.starter.approvers.ApproversException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approvers who may sign in to the admin page: the entries of {@code config/approvers.yaml}
 * that carry a {@code passwordHash} (see {@link PasswordHashes}). Names and roles come from {@link
 * Approvers}, the same lookup the CLI uses, so the page and the CLI never disagree on who holds
 * which role. An approver without a hash can decide through the CLI but cannot sign in here.
 */
public final class AdminAccounts {

  /** The key of an approver's password hash in the approvers file. */
  public static final String HASH_FIELD = "passwordHash";

  /**
   * The top-level key of the roles that may read every run's page and API (auditors, team leads)
   * without deciding anything: {@code viewerRoles: [auditor]}.
   */
  public static final String VIEWER_ROLES_FIELD = "viewerRoles";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Approvers approvers;
  private final Map<String, String> hashes;
  private final int dummyIterations;
  private final Set<String> viewerRoles;
  private volatile String dummyHash;

  private AdminAccounts(
      Approvers approvers,
      Map<String, String> hashes,
      int dummyIterations,
      Set<String> viewerRoles) {
    this.approvers = approvers;
    this.hashes = Map.copyOf(hashes);
    this.dummyIterations = dummyIterations;
    this.viewerRoles = Set.copyOf(viewerRoles);
  }

  /** Parses the approvers YAML; {@code source} names it in messages. */
  public static AdminAccounts parse(String yaml, String source) {
    Approvers approvers = Approvers.parse(yaml, source);
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ApproversException(source + ": not valid YAML: " + e.getMessage());
    }
    JsonNode list = root.get("approvers");
    Set<String> viewerRoles = viewerRoles(root.get(VIEWER_ROLES_FIELD), source);
    Map<String, String> hashes = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int iterations = PasswordHashes.DEFAULT_ITERATIONS;
    for (JsonNode entry : list) {
      JsonNode hash = entry.get(HASH_FIELD);
      if (hash == null || hash.isNull()) {
        continue;
      }
      String name = entry.get("name").textValue().trim();
      try {
        PasswordHashes.requireWellFormed(hash.asText());
      } catch (IllegalArgumentException e) {
        problems.add(
            name
                + ": "
                + HASH_FIELD
                + " is not a password hash ("
                + e.getMessage()
                + ") — make one with ./fleet admin hash-password");
        continue;
      }
      hashes.put(key(name), hash.asText().strip());
      iterations = Integer.parseInt(hash.asText().strip().split("\\$")[1]);
    }
    if (!problems.isEmpty()) {
      throw new ApproversException(source + ": " + String.join("; ", problems));
    }
    return new AdminAccounts(approvers, hashes, iterations, viewerRoles);
  }

  /**
   * The approver whose name and password these are, or empty. An unknown name costs as much time as
   * a known one with a wrong password, so the answer's timing does not say who exists.
   */
  public Optional<Approver> authenticate(String name, char[] password) {
    String hash = name == null ? null : hashes.get(key(name));
    if (hash == null) {
      PasswordHashes.verify(password, dummyHash());
      return Optional.empty();
    }
    return PasswordHashes.verify(password, hash) ? approvers.find(name) : Optional.empty();
  }

  /** The approver a signed-in session names, while they are still listed with a password. */
  public Optional<Approver> find(String name) {
    return hashes.containsKey(key(name)) ? approvers.find(name) : Optional.empty();
  }

  /** The roles that may read every run, declared under {@value #VIEWER_ROLES_FIELD}. */
  public Set<String> viewerRoles() {
    return viewerRoles;
  }

  private static Set<String> viewerRoles(JsonNode node, String source) {
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw new ApproversException(
          source
              + ": "
              + VIEWER_ROLES_FIELD
              + " must be a list of role names, for example "
              + VIEWER_ROLES_FIELD
              + ": [auditor]");
    }
    Set<String> roles = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode role = node.get(i);
      if (!role.isTextual() || role.textValue().isBlank()) {
        throw new ApproversException(
            source + ": " + VIEWER_ROLES_FIELD + "[" + i + "] must be a role name");
      }
      roles.add(role.textValue().trim());
    }
    return roles;
  }

  /** How many approvers can sign in. */
  public int size() {
    return hashes.size();
  }

  private String dummyHash() {
    String dummy = dummyHash;
    if (dummy == null) {
      dummy = PasswordHashes.hash("no such approver".toCharArray(), dummyIterations);
      dummyHash = dummy;
    }
    return dummy;
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
