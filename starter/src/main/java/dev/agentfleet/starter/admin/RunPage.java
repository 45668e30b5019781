package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.Html.esc;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.Decision;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One run: where it is, the open request (with the decision forms when this approver may decide it)
 * and its decision history: approvals, decisions the run ignored or refused, routing decisions and
 * the actions they led to. While the run moves on its own the page reloads every few seconds.
 */
final class RunPage {

  private RunPage() {}

  static String render(
      Approver approver,
      String csrf,
      RunState state,
      String webUi,
      long nowMillis,
      String flashKind,
      String flash) {
    String id = state.workflowId();
    RunStatus status = state.status();
    boolean moving = status == RunStatus.RUNNING;
    StringBuilder body = new StringBuilder();
    body.append("<p><a href=\"/\">← queue</a></p>")
        .append("<h1>")
        .append(esc(state.subject() != null ? state.subject() : id))
        .append("</h1>")
        .append(Html.flash(flashKind, flash))
        .append("<dl class=\"facts\">");
    fact(body, "Run", esc(id));
    fact(
        body,
        "Status",
        "<span id=\"run-status\" class=\"badge\">"
            + esc(status == null ? "unknown" : status.wireName())
            + "</span>");
    fact(body, "Step", esc(state.currentStep()));
    fact(body, "Agent", esc(state.agent()));
    fact(body, "Category", esc(state.category()));
    fact(body, "Confidence", Html.confidence(state.confidence()));
    fact(body, "Cost so far", state.cost() == null ? "–" : Html.usd(state.cost().usd()));
    if (state.outcome() != null) {
      fact(body, "Outcome", esc(state.outcome()));
    }
    if (webUi != null) {
      fact(
          body,
          "History",
          "<a href=\""
              + esc(webUi)
              + "\" target=\"_blank\" rel=\"noopener noreferrer\">Temporal Web UI</a>");
    }
    body.append("</dl>");
    ApprovalRequest request = state.pendingApproval();
    if (request != null) {
      body.append(pending(approver, csrf, state, webUi, nowMillis));
    } else {
      body.append(ApproverPicture.record(state.input()))
          .append(ApproverPicture.why(state.decisions(), state.errors()));
      if (state.outputs() != null && !state.outputs().isEmpty()) {
        body.append(ApproverPicture.extracted(new LinkedHashMap<>(state.outputs()), Set.of()));
      }
    }
    body.append("<h2>Decision history</h2>");
    body.append(
        table(
            "Approvals",
            "approvals",
            List.of("Step", "Role", "Status", "By", "Comment", "Opened", "Decided", "Escalated"),
            state.approvals(),
            (ApprovalRecord a) ->
                Arrays.asList(
                    a.stepId(),
                    a.role(),
                    a.status(),
                    a.decidedBy(),
                    a.comment(),
                    Html.time(a.requestedAt()),
                    Html.time(a.decidedAt()),
                    a.escalated() ? "yes" : "")));
    body.append(
        table(
            "Ignored or refused decisions",
            "ignored",
            List.of("By", "Decision", "Step", "Reason", "At"),
            state.ignoredSignals(),
            (IgnoredSignal s) ->
                Arrays.asList(
                    s.approver(), s.decision(), s.stepId(), s.reason(), Html.time(s.at()))));
    body.append(
        table(
            "Routing decisions",
            "routing",
            List.of("Step", "Rule", "Next", "At"),
            state.decisions(),
            (Decision d) -> Arrays.asList(d.stepId(), d.rule(), d.next(), Html.time(d.at()))));
    body.append(
        table(
            "Actions",
            "actions",
            List.of("Step", "Action", "Attested by", "Idempotency key", "At"),
            state.actions(),
            (ActionRecord a) ->
                Arrays.asList(
                    a.stepId(),
                    a.connector() + "." + a.operation(),
                    a.attestedBy(),
                    a.idempotencyKey(),
                    Html.time(a.at()))));
    return Html.page(
        state.subject() != null ? state.subject() : id,
        approver,
        csrf,
        moving ? 3 : 0,
        body.toString());
  }

  private static String pending(
      Approver approver, String csrf, RunState state, String webUi, long nowMillis) {
    String id = state.workflowId();
    ApprovalRequest request = state.pendingApproval();
    ApprovalQueue.Item item =
        new ApprovalQueue.Item(
            id,
            null,
            null,
            null,
            request,
            Math.max(0, (nowMillis - request.requestedAt()) / 1000),
            webUi,
            state.input(),
            state.decisions(),
            state.errors());
    boolean mayDecide = request.mayDecide(approver.roles());
    StringBuilder html =
        new StringBuilder(
                "<section class=\"card pending\" id=\"open-request\"><h2>Waiting for a decision</h2>")
            .append("<p class=\"summary\">")
            .append(esc(request.summary()))
            .append("</p>")
            .append(QueuePage.facts(item))
            .append(QueuePage.reasons(request))
            .append(ApproverPicture.record(item.input()))
            .append(
                ApproverPicture.extracted(
                    request.proposal(), mayDecide ? DecisionForms.inForm(request) : Set.of()))
            .append(ApproverPicture.why(item.decisions(), item.errors()));
    if (mayDecide) {
      html.append(DecisionForms.render(id, request, csrf));
    } else {
      html.append("<p class=\"muted\">This needs the role ")
          .append(esc(request.role()))
          .append(
              request.escalatedRoles().isEmpty()
                  ? ""
                  : " or " + esc(String.join(", ", request.escalatedRoles())))
          .append("; you hold ")
          .append(esc(String.join(", ", approver.roles())))
          .append(".</p>");
    }
    return html.append("</section>").toString();
  }

  private static <T> String table(
      String title,
      String id,
      List<String> headers,
      List<T> rows,
      Function<T, List<String>> cells) {
    StringBuilder html = new StringBuilder("<h3>").append(esc(title)).append("</h3>");
    if (rows == null || rows.isEmpty()) {
      return html.append("<p class=\"muted\" id=\"")
          .append(esc(id))
          .append("-none\">none</p>")
          .toString();
    }
    html.append("<div class=\"scroll\"><table id=\"").append(esc(id)).append("\"><thead><tr>");
    headers.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (T row : rows) {
      html.append("<tr>");
      for (String cell : cells.apply(row)) {
        html.append("<td>").append(esc(cell)).append("</td>");
      }
      html.append("</tr>");
    }
    return html.append("</tbody></table></div>").toString();
  }

  private static void fact(StringBuilder html, String term, String definitionHtml) {
    html.append("<div><dt>")
        .append(esc(term))
        .append("</dt><dd>")
        .append(definitionHtml)
        .append("</dd></div>");
  }
}
