package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.Html.esc;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.approval.ApprovalRequest;

/** The approver's queue: every decision they may make now, the one waiting longest first. */
final class QueuePage {

  private QueuePage() {}

  /**
   * @param listing the queue; null when it could not be read ({@code problem} says why)
   */
  static String render(
      Approver approver,
      String csrf,
      ApprovalQueue.Listing listing,
      String problem,
      String flashKind,
      String flash) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Waiting for you</h1>").append(Html.flash(flashKind, flash));
    if (listing == null) {
      body.append(Html.flash("error", "The queue cannot be read: " + problem));
      return Html.page("Queue", approver, csrf, 0, body.toString());
    }
    if (listing.unanswered() > 0) {
      body.append(
          Html.flash(
              "warn",
              dev.agentfleet.starter.Counts.of(listing.unanswered(), "waiting run")
                  + " did not answer (is a worker running?); "
                  + (listing.unanswered() == 1 ? "it is" : "they are")
                  + " not listed."));
    }
    if (listing.items().isEmpty()) {
      body.append("<p class=\"empty\" id=\"queue-empty\">Nothing waits for ")
          .append(esc(String.join(" or ", approver.roles())))
          .append(". This page does not refresh by itself; reload it later.</p>");
    } else {
      body.append("<p class=\"muted\">")
          .append(dev.agentfleet.starter.Counts.of(listing.items().size(), "decision"))
          .append(", oldest first.</p>");
    }
    for (ApprovalQueue.Item item : listing.items()) {
      body.append(card(item, csrf));
    }
    return Html.page("Queue", approver, csrf, 0, body.toString());
  }

  private static String card(ApprovalQueue.Item item, String csrf) {
    ApprovalRequest request = item.request();
    StringBuilder html = new StringBuilder();
    html.append("<article class=\"card pending\" data-workflow-id=\"")
        .append(esc(item.workflowId()))
        .append("\"><h2><a href=\"")
        .append(esc(Html.runPath(item.workflowId())))
        .append("\">")
        .append(esc(item.subject() != null ? item.subject() : item.workflowId()))
        .append("</a></h2><p class=\"summary\">")
        .append(esc(request.summary()))
        .append("</p>")
        .append(facts(item))
        .append(reasons(request))
        .append(ApproverPicture.record(item.input()))
        .append(ApproverPicture.extracted(request.proposal(), DecisionForms.inForm(request)))
        .append(ApproverPicture.why(item.decisions(), item.errors()))
        .append(DecisionForms.render(item.workflowId(), request, csrf))
        .append("</article>");
    return html.toString();
  }

  static String facts(ApprovalQueue.Item item) {
    ApprovalRequest request = item.request();
    StringBuilder html = new StringBuilder("<dl class=\"facts\">");
    fact(html, "Run", esc(item.workflowId()));
    fact(html, "Step", esc(request.stepId()));
    if (request.effect() != null) {
      // What the approver's signature authorises: the amount always with its currency.
      fact(
          html,
          "Approving leads to",
          "<span class=\"effect\">" + esc(request.effect().toString()) + "</span>");
    }
    String role = esc(request.role());
    if (!request.escalatedRoles().isEmpty()) {
      role +=
          " <span class=\"badge warn\">escalated to "
              + esc(String.join(", ", request.escalatedRoles()))
              + "</span>";
    }
    fact(html, "Role", role);
    fact(html, "Confidence", Html.confidence(request.confidence()));
    fact(html, "Cost so far", Html.usd(request.costUsd()));
    fact(html, "Waiting", Html.age(item.waitingSeconds()));
    if (request.deadlineAt() > 0) {
      fact(html, "Deadline", esc(Html.time(request.deadlineAt())));
    }
    if (item.webUi() != null) {
      fact(
          html,
          "History",
          "<a href=\""
              + esc(item.webUi())
              + "\" target=\"_blank\" rel=\"noopener noreferrer\">Temporal Web UI</a>");
    }
    return html.append("</dl>").toString();
  }

  private static void fact(StringBuilder html, String term, String definitionHtml) {
    html.append("<div><dt>")
        .append(esc(term))
        .append("</dt><dd>")
        .append(definitionHtml)
        .append("</dd></div>");
  }

  static String reasons(ApprovalRequest request) {
    if (request.reasons() == null || request.reasons().isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<ul class=\"reasons\">");
    request.reasons().forEach(r -> html.append("<li>").append(esc(r)).append("</li>"));
    return html.append("</ul>").toString();
  }
}
