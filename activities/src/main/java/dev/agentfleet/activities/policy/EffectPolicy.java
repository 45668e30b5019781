package dev.agentfleet.activities.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workers' policy over guarded connector operations ({@code config/policies.yaml}, the same on
 * every worker and in no playbook): which approver roles may authorise which operation up to which
 * amount, and up to which amount an automatic rule may. Limits are in the base currency of the
 * rates table; the file names that base, and a worker refuses to start when it differs from the
 * table's, so a change of base never silently changes every limit.
 *
 * <pre>
 * base: USD
 * operations:
 *   payments.refund:
 *     rules: 50                        # an autoApprove rule may authorise up to 50 USD
 *     roles: {billing: 5000, billing-lead: 20000}
 * </pre>
 *
 * An operation the file does not list may be authorised by nobody; a role an operation does not
 * list may authorise none of it; an operation without {@code rules} cannot be authorised by a rule.
 *
 * @param base the currency the limits are in
 * @param operations the limits by {@code connector.operation}
 */
public record EffectPolicy(String base, Map<String, Limits> operations) {

  /**
   * The limits of one operation, in the base currency.
   *
   * @param rules the most an automatic rule may authorise; null when no rule may
   * @param roles the most each role may authorise
   */
  public record Limits(BigDecimal rules, Map<String, BigDecimal> roles) {
    public Limits {
      roles = roles == null ? Map.of() : Map.copyOf(roles);
    }
  }

  public EffectPolicy {
    operations = operations == null ? Map.of() : Map.copyOf(operations);
  }

  /** Loads the file; a missing or malformed one fails naming the file and the field. */
  public static EffectPolicy load(Path file) {
    return parse(PolicyFiles.read(file, "FLEET_POLICIES"), file.toString());
  }

  /** Parses the YAML text of a policy; {@code source} names it in messages. */
  public static EffectPolicy parse(String yaml, String source) {
    return parse(PolicyFiles.parse(yaml, source), source);
  }

  private static EffectPolicy parse(JsonNode root, String source) {
    JsonNode base = root.get("base");
    if (base == null || !base.isTextual() || !base.textValue().strip().matches("[A-Z]{3}")) {
      throw new PolicyException(
          source + ": base must name the currency the limits are in, such as USD");
    }
    JsonNode ops = root.get("operations");
    if (ops == null || !ops.isObject()) {
      throw new PolicyException(
          source
              + ": operations must map connector.operation to its limits, for example"
              + " operations: {payments.refund: {rules: 50, roles: {billing: 5000}}}");
    }
    Map<String, Limits> operations = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> op = it.next();
      String field = "operations." + op.getKey();
      if (!op.getKey().matches("[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_-]*")) {
        throw new PolicyException(source + ": " + field + " must be named connector.operation");
      }
      JsonNode spec = op.getValue();
      if (spec == null || !spec.isObject()) {
        throw new PolicyException(source + ": " + field + " must be a mapping of rules and roles");
      }
      for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("rules") && !name.equals("roles")) {
          throw new PolicyException(
              source + ": " + field + "." + name + " is not a setting; expected rules or roles");
        }
      }
      JsonNode rules = spec.get("rules");
      BigDecimal ruleLimit =
          rules == null || rules.isNull()
              ? null
              : PolicyFiles.amount(rules, source, field + ".rules");
      Map<String, BigDecimal> roles = new LinkedHashMap<>();
      JsonNode roleNode = spec.get("roles");
      if (roleNode != null && !roleNode.isNull()) {
        if (!roleNode.isObject()) {
          throw new PolicyException(
              source + ": " + field + ".roles must map each role to its limit");
        }
        roleNode
            .fields()
            .forEachRemaining(
                r ->
                    roles.put(
                        r.getKey(),
                        PolicyFiles.amount(r.getValue(), source, field + ".roles." + r.getKey())));
      }
      operations.put(op.getKey(), new Limits(ruleLimit, roles));
    }
    return new EffectPolicy(base.textValue().strip(), operations);
  }

  /**
   * Why no automatic rule may authorise {@code amountInBase} of {@code target}; empty if one may.
   */
  public Optional<String> ruleProblem(String target, BigDecimal amountInBase) {
    Limits limits = operations.get(target);
    if (limits == null || limits.rules() == null) {
      return Optional.of("the policy lets no automatic rule authorise " + target);
    }
    if (amountInBase != null && amountInBase.compareTo(limits.rules()) > 0) {
      return Optional.of(
          "above the auto-approval limit of "
              + limits.rules().toPlainString()
              + " "
              + base
              + " for "
              + target);
    }
    return Optional.empty();
  }

  /**
   * Why none of {@code roles} may authorise {@code amountInBase} of {@code target}; empty when one
   * may.
   */
  public Optional<String> roleProblem(
      String target, Collection<String> roles, BigDecimal amountInBase) {
    Limits limits = operations.get(target);
    if (limits == null || limits.roles().isEmpty()) {
      return Optional.of("the policy lets no role authorise " + target);
    }
    BigDecimal best = null;
    for (String role : roles) {
      BigDecimal limit = limits.roles().get(role);
      if (limit != null && (best == null || limit.compareTo(best) > 0)) {
        best = limit;
      }
    }
    if (best == null) {
      return Optional.of(
          "role "
              + String.join(", ", roles)
              + " may not authorise "
              + target
              + " (the policy allows "
              + allowed(limits)
              + ")");
    }
    if (amountInBase != null && amountInBase.compareTo(best) > 0) {
      return Optional.of(
          "role "
              + String.join(", ", roles)
              + " may authorise "
              + target
              + " up to "
              + best.toPlainString()
              + " "
              + base
              + " only (the policy allows "
              + allowed(limits)
              + ")");
    }
    return Optional.empty();
  }

  private String allowed(Limits limits) {
    return limits.roles().entrySet().stream()
        .map(e -> e.getKey() + " up to " + e.getValue().toPlainString() + " " + base)
        .collect(Collectors.joining(", "));
  }
}
