package dev.agentfleet.activities.definition;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.definition.DefinitionSignature;
import dev.agentfleet.workflows.definition.DefinitionSource;
import dev.agentfleet.workflows.definition.TrustedDefinition;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.security.PublicKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Definitions published with {@code ./fleet agents publish}, read from the ledger's {@code
 * published_definitions} table. The table is only how they travel: a row is trusted when a release
 * key this worker trusts verifies its signature over the agent's name and the hash, the playbook
 * text hashes to that value, and the text parses and validates as a playbook of that agent. A
 * verified definition is kept by hash (content-addressed, so it never goes stale); a row that fails
 * a check is skipped with a warning naming what failed.
 */
public final class PublishedDefinitions implements DefinitionSource {

  private static final Logger log = LoggerFactory.getLogger(PublishedDefinitions.class);

  private final Ledger ledger;
  private final ApprovalKeyRing releaseKeys;
  private final Map<String, TrustedDefinition> verified = new ConcurrentHashMap<>();

  public PublishedDefinitions(Ledger ledger, ApprovalKeyRing releaseKeys) {
    this.ledger = ledger;
    this.releaseKeys = releaseKeys;
  }

  @Override
  public List<TrustedDefinition> find(String hexPrefix) {
    if (hexPrefix == null || !hexPrefix.matches("[0-9a-f]{12,64}")) {
      return List.of();
    }
    TrustedDefinition known = verified.get(hexPrefix);
    if (known != null) {
      return List.of(known);
    }
    List<Row> rows;
    try {
      rows = ledger.read(c -> rows(c, hexPrefix));
    } catch (LedgerException e) {
      log.warn("cannot read published definitions from {}: {}", ledger.describe(), e.getMessage());
      return List.of();
    }
    List<TrustedDefinition> found = new ArrayList<>();
    for (Row row : rows) {
      check(row).ifPresent(found::add);
    }
    return found;
  }

  @Override
  public String describe() {
    return "definitions published in the ledger and signed by a release key in "
        + releaseKeys.source();
  }

  private record Row(
      String sha256, String agent, String playbook, String keyId, String signature) {}

  private static List<Row> rows(java.sql.Connection c, String prefix) throws java.sql.SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT sha256, agent, playbook, key_id, signature FROM published_definitions"
                + " WHERE sha256 LIKE ?")) {
      s.setString(1, prefix + "%");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
    }
    return rows;
  }

  private Optional<TrustedDefinition> check(Row row) {
    TrustedDefinition known = verified.get(row.sha256());
    if (known != null) {
      return Optional.of(known);
    }
    String name = "published " + row.agent() + " " + row.sha256();
    Optional<PublicKey> key = releaseKeys.find(row.keyId());
    if (key.isEmpty()) {
      log.warn(
          "{} is signed by key '{}', which is not a trusted release key ({}); not trusted",
          name,
          row.keyId(),
          releaseKeys.problem().orElse("trusted: " + releaseKeys.keys().keySet()));
      return Optional.empty();
    }
    if (!ApprovalKeys.verify(
        key.get(), DefinitionSignature.statement(row.agent(), row.sha256()), row.signature())) {
      log.warn("{}: the signature does not verify with release key '{}'", name, row.keyId());
      return Optional.empty();
    }
    if (!WorkflowIds.sha256(row.playbook()).equals(row.sha256())) {
      log.warn("{}: the stored playbook text does not hash to its sha256", name);
      return Optional.empty();
    }
    LintResult checked = PlaybookParser.check(row.playbook(), name);
    if (!checked.valid() || !checked.playbook().definition().name().equals(row.agent())) {
      log.warn("{}: the playbook does not validate as agent {}", name, row.agent());
      return Optional.empty();
    }
    TrustedDefinition trusted =
        new TrustedDefinition(
            checked.playbook().definition(),
            row.sha256(),
            "published, signed by release key " + row.keyId());
    verified.put(row.sha256(), trusted);
    return Optional.of(trusted);
  }
}
