package dev.agentfleet.workflows.playbook.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import org.junit.jupiter.api.Test;

/**
 * Every connector call in a playbook is checked against the connector catalog, each refusal at the
 * line and column a person fixes, with the nearest known name.
 */
class ConnectorCheckTest {

  /** A playbook whose one action step is {@code action}, indented as a list element's fields. */
  private static String withAction(String action) {
    return """
        name: t
        input: [{name: id, type: string, required: true}]
        steps:
          - id: act
            kind: action
        %s
            next: done
          - {id: done, kind: end, status: completed}
        """
        .formatted(action.stripTrailing().indent(4).stripTrailing());
  }

  private static LintResult check(String text) {
    return PlaybookParser.check(text, "t.yaml");
  }

  @Test
  void an_unknown_connector_is_refused_at_its_value_with_the_nearest_name() {
    LintResult result =
        check(
            withAction(
                """
                connector: paymnts
                operation: refund
                params: {amount: 5, currency: EUR}
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:6:16: step 'act'.connector: unknown connector 'paymnts'; did you mean"
                + " 'payments'?");
  }

  @Test
  void a_connector_with_no_near_name_is_refused_with_the_list_of_connectors() {
    LintResult result = check(withAction("connector: fax\noperation: send\n"));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:6:16: step 'act'.connector: unknown connector 'fax'; the connectors are"
                + " calendar, cards, crm, http, mailer, payments, publisher, webhook");
  }

  @Test
  void an_unknown_operation_is_refused_at_its_value_with_the_nearest_name() {
    LintResult result =
        check(
            withAction(
                """
                connector: payments
                operation: refnd
                params: {amount: 5, currency: EUR}
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:7:16: step 'act'.operation: unknown operation 'refnd' of payments; did you"
                + " mean 'refund'?");
  }

  @Test
  void an_unknown_parameter_is_refused_at_its_key_and_the_missing_required_one_at_params() {
    LintResult result =
        check(
            withAction(
                """
                connector: payments
                operation: refund
                params:
                  amount: 5
                  curency: EUR
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:9:7: step 'act'.params: payments.refund needs params.currency: the amount's"
                + " ISO 4217 code, one the rates table knows (such as USD)",
            "t.yaml:10:7: step 'act'.params.curency: unknown parameter 'curency' of"
                + " payments.refund; did you mean 'currency'?");
  }

  @Test
  void a_parameter_with_no_near_name_is_refused_with_what_the_operation_takes() {
    LintResult result =
        check(
            withAction(
                """
                connector: mailer
                operation: send
                params: {to: "{{input.id}}", cc: boss@example.com}
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:8:34: step 'act'.params.cc: unknown parameter 'cc' of mailer.send;"
                + " mailer.send takes to, subject, body");
  }

  @Test
  void a_missing_required_parameter_is_refused_at_the_step_when_there_are_no_params() {
    LintResult result = check(withAction("connector: mailer\noperation: send\n"));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:4:5: step 'act'.params: mailer.send needs params.to: the recipient: an"
                + " address, or role:NAME for a team (such as ana@example.com)");
  }

  @Test
  void an_operation_that_needs_one_of_two_parameters_says_which() {
    LintResult result =
        check(withAction("connector: calendar\noperation: book\nparams: {slot: next}\n"));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:8:13: step 'act'.params: calendar.book needs params.leadId or params.email:"
                + " who the meeting is with");
  }

  @Test
  void a_literal_of_the_wrong_type_is_refused_and_a_template_fits_any_type() {
    LintResult wrong =
        check(
            withAction(
                """
                connector: payments
                operation: refund
                params: {amount: ten, currency: EUR}
                """));
    LintResult templated =
        check(
            withAction(
                """
                connector: payments
                operation: refund
                params: {amount: "{{input.id}}", currency: EUR}
                """));

    assertThat(wrong.messages())
        .containsExactly(
            "t.yaml:8:22: step 'act'.params.amount: expected a number (such as 12.50) for"
                + " payments.refund, got 'ten'");
    assertThat(templated.messages()).isEmpty();
  }

  @Test
  void an_open_operation_takes_any_parameter_name() {
    LintResult result =
        check(
            withAction(
                """
                connector: http
                operation: post
                params: {ticket: "{{input.id}}", anything: 1}
                """));

    assertThat(result.messages()).isEmpty();
  }

  @Test
  void a_compensation_is_checked_like_the_action() {
    LintResult result =
        check(
            withAction(
                """
                connector: publisher
                operation: publish
                params: {channel: blog, title: T, body: B}
                compensate:
                  connector: publisher
                  operation: unpublsh
                  params: {postId: "{{input.id}}"}
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:11:18: step 'act'.compensate.operation: unknown operation 'unpublsh' of"
                + " publisher; did you mean 'unpublish'?");
  }

  @Test
  void the_action_inside_a_map_step_is_checked() {
    String text =
        """
        name: t
        input: [{name: ids, type: array, required: true}]
        steps:
          - id: each
            kind: map
            items: "{{input.ids}}"
            do: {kind: action, connector: cards, operation: freeze, params: {holder: "{{item}}"}}
            next: done
          - {id: done, kind: end, status: completed}
        """;

    LintResult result = check(text);

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:7:69: step 'each'.do.params: cards.freeze needs params.customer or"
                + " params.reference: whose card",
            "t.yaml:7:70: step 'each'.do.params.holder: unknown parameter 'holder' of"
                + " cards.freeze; cards.freeze takes customer, reference");
  }

  @Test
  void an_agent_tools_parameters_must_be_its_operations_and_offer_the_required_ones() {
    String text =
        """
        name: t
        input: [{name: id, type: string, required: true}]
        steps:
          - id: resolve
            kind: agent
            tier: large
            goal: "Resolve {{input.id}}"
            tools:
              - name: refund
                connector: payments
                operation: refund
                parameters: {type: object, properties: {amount: {type: number}, order: {type: string}}}
              - {name: lookup, connector: crm, operation: fetch}
            output: {type: object}
            next: done
          - {id: done, kind: end, status: completed}
        """;

    LintResult result = check(text);

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:12:21: step 'resolve'.tools['refund'].parameters: payments.refund needs"
                + " params.currency: the amount's ISO 4217 code, one the rates table knows (such"
                + " as USD) (the tool's parameters must offer it, or the model cannot give it)",
            "t.yaml:12:73: step 'resolve'.tools['refund'].parameters.properties.order: unknown"
                + " parameter 'order' of payments.refund; did you mean 'orderId'?",
            "t.yaml:13:51: step 'resolve'.tools['lookup'].operation: unknown operation 'fetch' of"
                + " crm; crm has get, update");
  }

  @Test
  void an_alert_channel_is_one_the_catalog_maps_to_a_connector() {
    LintResult result =
        check(
            withAction(
                """
                connector: mailer
                operation: send
                params: {to: "{{input.id}}"}
                onFailure: {then: alert, alert: {channel: mial}}
                """));

    assertThat(result.messages())
        .containsExactly(
            "t.yaml:9:47: step 'act'.onFailure.alert.channel: expected mail or webhook, got mial;"
                + " did you mean 'mail'?");
  }

  @Test
  void the_run_time_check_of_a_bound_definition_refuses_the_same() throws Exception {
    AgentDefinition definition =
        PlaybookYaml.MAPPER.readValue(
            withAction("connector: paymnts\noperation: refund\n"), AgentDefinition.class);

    assertThat(PlaybookParser.problems(definition, "agent t"))
        .containsExactly(
            "agent t: step 'act'.connector: unknown connector 'paymnts'; did you mean"
                + " 'payments'?");
  }
}
