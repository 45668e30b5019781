package dev.agentfleet.workflows.routing;

import dev.agentfleet.workflows.blob.BlobReferences;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CEL rule reads: the chains of field reads from its variables ({@code steps.extract.amount}
 * and {@code steps['extract']['amount']} both give {@code [steps, extract, amount]}), and the
 * values those chains had in one evaluation, so a routing decision can say why it went the way it
 * did. Pure functions, safe in workflow code.
 */
public final class CelReads {

  /** The longest text kept for one value a rule saw. */
  public static final int MAX_TEXT = 200;

  private CelReads() {}

  /** Every maximal chain of field reads in the expression, in the order they appear. */
  public static Set<List<String>> chains(CelExpr expr) {
    Set<List<String>> chains = new LinkedHashSet<>();
    collect(expr, chains);
    return chains;
  }

  /**
   * The values the expression's chains had in {@code variables}, by dotted path; a chain that leads
   * nowhere maps to null. Text is cut at {@link #MAX_TEXT} characters and structures are given as
   * their size, so a rule over a document never copies the document into the run's record.
   *
   * @return empty when the expression does not parse
   */
  public static Map<String, Object> seen(String expression, Map<String, Object> variables) {
    Set<List<String>> chains;
    try {
      chains = chains(CelRules.parse(expression));
    } catch (CelValidationException e) {
      return Map.of();
    }
    Map<String, Object> seen = new LinkedHashMap<>();
    for (List<String> chain : chains) {
      if (chain.size() < 2 || !CelRules.TOOL_VARIABLES.contains(chain.get(0))) {
        continue;
      }
      seen.put(String.join(".", chain), shown(lookup(variables, chain)));
    }
    return seen;
  }

  private static Object lookup(Map<String, Object> variables, List<String> chain) {
    Object value = variables;
    for (String name : chain) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = map.get(name);
    }
    return value;
  }

  private static Object shown(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Object inline = BlobReferences.inline(map);
      if (inline instanceof String text) {
        return cut(text);
      }
      return "{" + map.size() + " fields}";
    }
    if (value instanceof List<?> list) {
      return "[" + list.size() + " items]";
    }
    return cut(String.valueOf(value));
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }

  private static void collect(CelExpr expr, Set<List<String>> chains) {
    List<String> chain = chain(expr);
    if (chain != null) {
      chains.add(chain);
      return;
    }
    switch (expr.exprKind().getKind()) {
      case SELECT -> collect(expr.select().operand(), chains);
      case CALL -> {
        expr.call().target().ifPresent(target -> collect(target, chains));
        expr.call().args().forEach(arg -> collect(arg, chains));
      }
      case LIST -> expr.list().elements().forEach(e -> collect(e, chains));
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    collect(e.key(), chains);
                    collect(e.value(), chains);
                  });
      case STRUCT -> expr.struct().entries().forEach(e -> collect(e.value(), chains));
      case COMPREHENSION -> {
        collect(expr.comprehension().iterRange(), chains);
        collect(expr.comprehension().accuInit(), chains);
        collect(expr.comprehension().loopCondition(), chains);
        collect(expr.comprehension().loopStep(), chains);
        collect(expr.comprehension().result(), chains);
      }
      default -> {}
    }
  }

  /** The chain of names this expression reads, or null when it is not a plain read. */
  private static List<String> chain(CelExpr expr) {
    switch (expr.exprKind().getKind()) {
      case IDENT -> {
        List<String> chain = new ArrayList<>();
        chain.add(expr.ident().name());
        return chain;
      }
      case SELECT -> {
        List<String> chain = chain(expr.select().operand());
        if (chain != null) {
          chain.add(expr.select().field());
        }
        return chain;
      }
      case CALL -> {
        if (expr.call().function().equals("_[_]") && expr.call().args().size() == 2) {
          CelExpr key = expr.call().args().get(1);
          if (key.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
              && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            List<String> chain = chain(expr.call().args().get(0));
            if (chain != null) {
              chain.add(key.constant().stringValue());
            }
            return chain;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}
