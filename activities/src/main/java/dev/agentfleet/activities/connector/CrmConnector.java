package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerJson;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox CRM, in {@code sandbox_crm_leads} (a few leads are seeded by the migration).
 *
 * <ul>
 *   <li>{@code get}: params {@code email} or {@code leadId}. Returns the lead's record ({@code
 *       leadId, email, name, company, title, employees, country, lastContact, status, notes}) with
 *       {@code found: true} and {@code source: sandbox}; an address the CRM does not hold gets a
 *       made-up record that is the same every time ({@code source: generated}); an unknown {@code
 *       leadId} gives {@code found: false}.
 *   <li>{@code update}: params {@code email} or {@code leadId}, and the fields to set, either in
 *       {@code fields} or beside them: {@code name, company, title, employees, country,
 *       lastContact, status, notes}. Upserts the lead (an unknown address creates it from its
 *       made-up record), records the update in {@code sandbox_crm_updates} once per idempotency
 *       key, and returns the lead as it now is with {@code updateId}, {@code updated} (the field
 *       names) and {@code created}.
 * </ul>
 *
 * <p>The audit log gets the lead id and the names of the fields only, no personal data.
 */
public final class CrmConnector extends SandboxConnector {

  public static final String NAME = ConnectorCatalog.CRM.name();
  public static final String GET = ConnectorCatalog.CRM.operation("get").name();
  public static final String UPDATE = ConnectorCatalog.CRM.operation("update").name();

  private static final Set<String> IDENTITY = Set.of("email", "leadId", "fields");

  /** The fields {@code update} may set: its parameters beside the lead's identity. */
  static final List<String> FIELDS =
      ConnectorCatalog.CRM.operation(UPDATE).paramNames().stream()
          .filter(name -> !IDENTITY.contains(name))
          .toList();

  public CrmConnector(Clock clock) {
    super(ConnectorCatalog.CRM, Set.of(GET, UPDATE), clock);
  }

  @Override
  void checkParams(ActionRequest request, ActionParams params) {
    String email = email(request);
    if (email == null && params.optionalText("leadId", null) == null) {
      throw ActionParams.invalid(
          request, "params.email or params.leadId is required: the lead to look up");
    }
    if (UPDATE.equals(request.operation())) {
      updates(request);
    }
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    String email = email(request);
    String leadId = new ActionParams(request).optionalText("leadId", null);
    Map<String, Object> lead = find(transaction, leadId, email);
    if (GET.equals(request.operation())) {
      return got(lead, leadId, email);
    }
    if (lead == null && email == null) {
      throw ActionParams.invalid(
          request, "the CRM has no lead " + leadId + "; pass params.email to create one");
    }
    String targetId = lead != null ? (String) lead.get("leadId") : GeneratedLead.idFor(email);
    Map<String, Object> fields = updates(request);
    String now = Ledger.timestamp(clock.instant());
    boolean applied =
        execute(
                transaction,
                "INSERT INTO sandbox_crm_updates (update_id, idempotency_key, lead_id, fields_json,"
                    + " workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (idempotency_key) DO NOTHING",
                "upd_" + UUID.randomUUID(),
                request.idempotencyKey(),
                targetId,
                LedgerJson.write(fields),
                request.workflowId(),
                now)
            == 1;
    boolean created = applied && lead == null;
    if (created) {
      Map<String, Object> row = GeneratedLead.of(email);
      row.putAll(fields);
      insert(transaction, row, now);
    } else if (applied) {
      set(transaction, targetId, fields, now);
    }
    Map<String, Object> result = find(transaction, targetId, null);
    result.put("updateId", updateId(transaction, request.idempotencyKey()));
    result.put("updated", new ArrayList<>(fields.keySet()));
    result.put("created", created);
    return result;
  }

  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    Map<String, Object> detail = new LinkedHashMap<>();
    for (String key : List.of("leadId", "found", "source", "updateId", "updated", "created")) {
      if (result.containsKey(key)) {
        detail.put(key, result.get(key));
      }
    }
    return detail;
  }

  private static Map<String, Object> got(Map<String, Object> lead, String leadId, String email) {
    if (lead != null) {
      lead.put("found", true);
      lead.put("source", "sandbox");
      return lead;
    }
    if (email != null) {
      Map<String, Object> generated = GeneratedLead.of(email);
      generated.put("found", true);
      generated.put("source", "generated");
      return generated;
    }
    Map<String, Object> missing = new LinkedHashMap<>();
    missing.put("found", false);
    missing.put("leadId", leadId);
    return missing;
  }

  /** The fields to set, from {@code fields} or else the parameters beside the lead's identity. */
  private static Map<String, Object> updates(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    Map<String, Object> given = params.optionalObject("fields");
    if (given == null) {
      given = new LinkedHashMap<>(params.all());
      given.keySet().removeAll(IDENTITY);
    }
    if (given.isEmpty()) {
      throw ActionParams.invalid(
          request, "crm.update needs fields to set, one or more of " + FIELDS);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : given.entrySet()) {
      if (!FIELDS.contains(e.getKey())) {
        throw ActionParams.invalid(
            request, "the CRM has no field '" + e.getKey() + "'; a lead's fields are " + FIELDS);
      }
      fields.put(e.getKey(), value(request, e.getKey(), e.getValue()));
    }
    return fields;
  }

  private static Object value(ActionRequest request, String field, Object value) {
    if (value == null) {
      return null;
    }
    if ("employees".equals(field)) {
      long n;
      try {
        n = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0 || (value instanceof Number number && number.doubleValue() != n)) {
        throw ActionParams.invalid(
            request, "employees must be a whole number of 0 or more, got " + value);
      }
      return n;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw ActionParams.invalid(
          request, field + " must be text, got " + ActionParams.describe(value));
    }
    return value.toString();
  }

  private static String email(ActionRequest request) {
    String email = new ActionParams(request).optionalText("email", null);
    if (email == null || email.isBlank()) {
      return null;
    }
    email = email.strip().toLowerCase(Locale.ROOT);
    if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw ActionParams.invalid(request, "params.email must be an email address");
    }
    return email;
  }

  private static Map<String, Object> find(Connection c, String leadId, String email)
      throws SQLException {
    String column = leadId != null ? "lead_id" : "email";
    return findRow(
        c,
        "SELECT lead_id, email, name, company, title, employees, country, last_contact,"
            + " status, notes FROM sandbox_crm_leads WHERE "
            + column
            + " = ?",
        leadId != null ? leadId : email,
        (rs, lead) -> {
          lead.put("leadId", rs.getString(1));
          lead.put("email", rs.getString(2));
          lead.put("name", rs.getString(3));
          lead.put("company", rs.getString(4));
          lead.put("title", rs.getString(5));
          long employees = rs.getLong(6);
          lead.put("employees", rs.wasNull() ? null : employees);
          lead.put("country", rs.getString(7));
          lead.put("lastContact", rs.getString(8));
          lead.put("status", rs.getString(9));
          lead.put("notes", rs.getString(10));
        });
  }

  private static void insert(Connection c, Map<String, Object> lead, String now)
      throws SQLException {
    List<String> columns = new ArrayList<>(List.of("lead_id", "email"));
    List<Object> values = new ArrayList<>(List.of(lead.get("leadId"), lead.get("email")));
    for (String field : FIELDS) {
      columns.add(column(field));
      values.add(lead.get(field));
    }
    String sql =
        "INSERT INTO sandbox_crm_leads ("
            + String.join(", ", columns)
            + ", created_at, updated_at) VALUES ("
            + "?, ".repeat(columns.size())
            + "?, ?)";
    values.add(now);
    values.add(now);
    execute(c, sql, values.toArray());
  }

  private static void set(Connection c, String leadId, Map<String, Object> fields, String now)
      throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE sandbox_crm_leads SET ");
    List<Object> values = new ArrayList<>();
    fields.forEach(
        (field, value) -> {
          sql.append(column(field)).append(" = ?, ");
          values.add(value);
        });
    sql.append("updated_at = ? WHERE lead_id = ?");
    values.add(now);
    values.add(leadId);
    execute(c, sql.toString(), values.toArray());
  }

  private static String updateId(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
            prepare(c, "SELECT update_id FROM sandbox_crm_updates WHERE idempotency_key = ?", key);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String column(String field) {
    return "lastContact".equals(field) ? "last_contact" : field;
  }
}
