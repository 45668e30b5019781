package dev.agentfleet.activities.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped policy: billing refunds up to 5000 USD, support authorises nothing on payments. */
class EffectPolicyTest {

  private static final EffectPolicy SHIPPED = MoneyPolicy.load(Map.of()).policy();

  @Test
  void billing_may_refund_up_to_its_limit_and_support_may_not_refund_at_all() {
    assertThat(SHIPPED.roleProblem("payments.refund", List.of("billing"), usd("4999"))).isEmpty();
    assertThat(SHIPPED.roleProblem("payments.refund", List.of("billing"), usd("5000.01")))
        .hasValueSatisfying(p -> assertThat(p).contains("up to 5000 USD only"));
    assertThat(SHIPPED.roleProblem("payments.refund", List.of("support"), usd("1")))
        .hasValueSatisfying(p -> assertThat(p).contains("role support may not authorise"));
    assertThat(
            SHIPPED.roleProblem("payments.refund", List.of("support", "billing-lead"), usd("9000")))
        .as("the highest limit among the roles counts")
        .isEmpty();
    assertThat(SHIPPED.roleProblem("mailer.send", List.of("billing"), usd("1")))
        .hasValueSatisfying(p -> assertThat(p).contains("no role authorise mailer.send"));
  }

  @Test
  void rules_may_refund_up_to_50_and_never_adjust() {
    assertThat(SHIPPED.ruleProblem("payments.refund", usd("50"))).isEmpty();
    assertThat(SHIPPED.ruleProblem("payments.refund", usd("50.01")))
        .hasValueSatisfying(p -> assertThat(p).contains("auto-approval limit of 50 USD"));
    assertThat(SHIPPED.ruleProblem("payments.adjust", usd("1")))
        .hasValueSatisfying(p -> assertThat(p).contains("no automatic rule"));
  }

  @Test
  void a_malformed_policy_names_the_field() {
    assertThatThrownBy(() -> EffectPolicy.parse("operations: {}", "p.yaml"))
        .hasMessageContaining("p.yaml: base must name the currency");
    assertThatThrownBy(
            () -> EffectPolicy.parse("base: USD\noperations: {refund: {rules: 5}}", "p.yaml"))
        .hasMessageContaining("operations.refund must be named connector.operation");
    assertThatThrownBy(
            () ->
                EffectPolicy.parse(
                    "base: USD\noperations: {payments.refund: {roles: {billing: lots}}}", "p.yaml"))
        .hasMessageContaining("operations.payments.refund.roles.billing must be a number");
    assertThatThrownBy(
            () ->
                EffectPolicy.parse(
                    "base: USD\noperations: {payments.refund: {limit: 5}}", "p.yaml"))
        .hasMessageContaining("operations.payments.refund.limit is not a setting");
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }
}
