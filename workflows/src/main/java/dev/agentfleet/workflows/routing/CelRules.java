package dev.agentfleet.workflows.routing;

import dev.agentfleet.workflows.approval.ProposedEffect;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates routing conditions written in CEL over the run state. Three variables are declared,
 * each a {@code map(string, dyn)}: {@code input} (the work item's fields), {@code steps} (every
 * step's output by step id) and {@code run} (category, confidence, cost so far, approvals).
 *
 * <p>Two functions compare money in one currency: {@code toBase(amount, currency)} is the amount in
 * the base currency of the workers' rates table (a double, rounded as {@link CurrencyTable} rounds)
 * and {@code knownCurrency(currency)} is true for a code the table converts. {@code toBase} fails
 * for an unknown, missing or ambiguous currency, so a rule that uses it does not hold and the run
 * takes a later rule (to a person); guard with {@code knownCurrency} to keep the error out of the
 * run's record. The table reaches a run as data ({@link #test(String, Map, CurrencyTable)}).
 *
 * <p>Evaluation is a pure function of the expression and the variables, so it is safe inside
 * workflow code. Compiled programs are cached per instance; keep one instance per run.
 */
public final class CelRules {

  /** The variables a rule may read. */
  public static final List<String> VARIABLES = List.of("input", "steps", "run");

  /**
   * The variables a rule over a proposed tool call may read: {@code tool} ({@code name}, {@code
   * args}) and the run state.
   */
  public static final List<String> TOOL_VARIABLES = List.of("tool", "input", "steps", "run");

  private static final Cel CEL = buildCel(VARIABLES);

  private final Cel cel;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Rules over the run state: {@link #VARIABLES}. */
  public CelRules() {
    this(CEL);
  }

  private CelRules(Cel cel) {
    this.cel = cel;
  }

  /** Rules over a proposed tool call and the run state: {@link #TOOL_VARIABLES}. */
  public static CelRules forToolCalls() {
    return new CelRules(ToolCel.INSTANCE);
  }

  /** Built on first use, so runs without agent steps never pay for it. */
  private static final class ToolCel {
    static final Cel INSTANCE = buildCel(TOOL_VARIABLES);
  }

  private static Cel buildCel(List<String> variables) {
    var builder =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build());
    for (String variable : variables) {
      builder.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
    }
    builder.addFunctionDeclarations(
        CelFunctionDecl.newFunctionDeclaration(
            TO_BASE,
            CelOverloadDecl.newGlobalOverload(
                TO_BASE_OVERLOAD, SimpleType.DOUBLE, SimpleType.DYN, SimpleType.DYN)),
        CelFunctionDecl.newFunctionDeclaration(
            KNOWN_CURRENCY,
            CelOverloadDecl.newGlobalOverload(
                KNOWN_CURRENCY_OVERLOAD, SimpleType.BOOL, SimpleType.DYN)));
    return builder.build();
  }

  /** The name of the conversion function rules call. */
  public static final String TO_BASE = "toBase";

  /** The name of the currency check rules call. */
  public static final String KNOWN_CURRENCY = "knownCurrency";

  private static final String TO_BASE_OVERLOAD = "toBase_dyn_dyn";
  private static final String KNOWN_CURRENCY_OVERLOAD = "knownCurrency_dyn";

  /** True when the expression calls one of the money functions, so the run needs the rates. */
  public static boolean usesMoney(String expression) {
    return expression != null
        && (expression.contains(TO_BASE + "(") || expression.contains(KNOWN_CURRENCY + "("));
  }

  /** The money functions bound to one rates table; without a table every call fails. */
  private static CelLateFunctionBindings money(CurrencyTable table) {
    return CelLateFunctionBindings.from(
        CelFunctionBinding.from(
            TO_BASE_OVERLOAD,
            Object.class,
            Object.class,
            (amount, currency) -> {
              if (table == null) {
                throw new CelEvaluationException(
                    "toBase: the run has no rates table (config/currencies.yaml)");
              }
              BigDecimal value = ProposedEffect.decimal(amount);
              String code = currency instanceof String c ? c : null;
              Optional<String> problem = table.problem(value, code);
              if (problem.isPresent()) {
                throw new CelEvaluationException("toBase: " + problem.get());
              }
              return table.toBase(value, code).orElseThrow().doubleValue();
            }),
        CelFunctionBinding.from(
            KNOWN_CURRENCY_OVERLOAD,
            Object.class,
            currency -> table != null && currency instanceof String c && table.knows(c)));
  }

  /**
   * Checks that an expression compiles against the declared variables.
   *
   * @return the compiler's message when it does not, empty when it does
   */
  public static Optional<String> compileError(String expression) {
    return compileError(CEL, expression);
  }

  /** Like {@link #compileError(String)}, for a rule over a proposed tool call. */
  public static Optional<String> toolCallCompileError(String expression) {
    return compileError(ToolCel.INSTANCE, expression);
  }

  /**
   * The parsed, not type-checked, tree of an expression, for tools that inspect what a rule reads.
   *
   * @throws CelValidationException when it does not parse
   */
  public static CelExpr parse(String expression) throws CelValidationException {
    return ToolCel.INSTANCE.parse(expression).getAst().getExpr();
  }

  private static Optional<String> compileError(Cel cel, String expression) {
    if (expression == null || expression.isBlank()) {
      return Optional.of("the expression is empty");
    }
    CelValidationResult result = cel.compile(expression);
    return result.hasError() ? Optional.of(result.getErrorString()) : Optional.empty();
  }

  /**
   * Evaluates a boolean condition.
   *
   * @throws RuleEvaluationException when the expression fails or does not yield a boolean (a
   *     missing field reads as an error; guard optional fields with {@code has(...)})
   */
  public boolean test(String expression, Map<String, Object> variables) {
    return test(expression, variables, null);
  }

  /**
   * Evaluates a boolean condition whose money functions convert with {@code rates} (null: the run
   * has no table, and {@code toBase} fails).
   *
   * @throws RuleEvaluationException as {@link #test(String, Map)}
   */
  public boolean test(String expression, Map<String, Object> variables, CurrencyTable rates) {
    Object value;
    try {
      value = program(expression).eval(CelValues.normalizeMap(variables), money(rates));
    } catch (CelEvaluationException e) {
      throw new RuleEvaluationException(expression, e.getMessage());
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new RuleEvaluationException(
        expression, "expected a boolean, got " + (value == null ? "null" : value));
  }

  private CelRuntime.Program program(String expression) {
    CelRuntime.Program cached = programs.get(expression);
    if (cached != null) {
      return cached;
    }
    try {
      CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
      CelRuntime.Program program = cel.createProgram(ast);
      programs.put(expression, program);
      return program;
    } catch (CelValidationException | CelEvaluationException e) {
      throw new RuleEvaluationException(expression, e.getMessage());
    }
  }
}
