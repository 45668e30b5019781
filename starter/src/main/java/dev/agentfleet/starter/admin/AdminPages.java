package dev.agentfleet.starter.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.run.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The signed-in pages: the queue, a run, and the decision form's POST, which answers with a
 * redirect to the run and a one-time message saying what the run did with the decision.
 */
final class AdminPages {

  private record Flash(String kind, String message) {}

  private final FleetRuns runs;
  private final DecisionDesk desk;
  private final ApprovalQueue queue;
  private final Clock clock;
  private final PrintStream log;
  private final Supplier<Set<String>> viewerRoles;
  private final Map<String, Flash> flashes = new ConcurrentHashMap<>();

  AdminPages(
      FleetRuns runs,
      DecisionDesk desk,
      ApprovalQueue queue,
      Clock clock,
      PrintStream log,
      Supplier<Set<String>> viewerRoles) {
    this.runs = runs;
    this.desk = desk;
    this.queue = queue;
    this.clock = clock;
    this.log = log;
    this.viewerRoles = viewerRoles;
  }

  /** Forgets a closed session's pending message. */
  void forget(String sessionId) {
    flashes.remove(sessionId);
  }

  void queue(HttpExchange exchange, Sessions.Session session, Approver approver)
      throws IOException {
    Flash flash = flashes.remove(session.id());
    ApprovalQueue.Listing listing = null;
    String problem = null;
    try {
      listing = queue.forApprover(approver);
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    HttpIo.html(
        exchange,
        listing == null ? 502 : 200,
        QueuePage.render(
            approver,
            session.csrfToken(),
            listing,
            problem,
            flash == null ? null : flash.kind(),
            flash == null ? null : flash.message()));
  }

  void run(HttpExchange exchange, Sessions.Session session, Approver approver, String workflowId)
      throws IOException {
    Flash flash = flashes.remove(session.id());
    RunState state;
    try {
      state = runs.state(workflowId);
    } catch (RuntimeException e) {
      HttpIo.html(
          exchange,
          e.getMessage() != null && e.getMessage().startsWith("no run with id") ? 404 : 502,
          Html.page(
              "Run",
              approver,
              session.csrfToken(),
              0,
              "<p><a href=\"/\">← queue</a></p>" + Html.flash("error", e.getMessage())));
      return;
    }
    if (!RunAccess.mayRead(approver, state, viewerRoles.get())) {
      log.println("admin: refused " + approver.name() + " the page of a run outside their roles");
      HttpIo.html(
          exchange,
          403,
          Html.page(
              "Run",
              approver,
              session.csrfToken(),
              0,
              "<p><a href=\"/\">← queue</a></p>"
                  + Html.flash("error", RunAccess.refusal(approver, workflowId))));
      return;
    }
    HttpIo.html(
        exchange,
        200,
        RunPage.render(
            approver,
            session.csrfToken(),
            state,
            runs.webUiLink(workflowId),
            clock.millis(),
            flash == null ? null : flash.kind(),
            flash == null ? null : flash.message()));
  }

  void decide(
      HttpExchange exchange,
      Sessions.Session session,
      Approver approver,
      String workflowId,
      Map<String, String> form)
      throws IOException {
    String back = Html.runPath(workflowId);
    DecisionDesk.Result result;
    try {
      Map<String, Object> values = null;
      String decision = form.getOrDefault("decision", "");
      if (decision.equals("edit")) {
        RunState state = runs.state(workflowId);
        if (state.pendingApproval() == null) {
          values = Map.of();
        } else {
          List<EditForm.Field> fields =
              EditForm.fields(
                  state.pendingApproval().editable(), state.pendingApproval().proposal());
          values = EditForm.changed(fields, EditForm.values(fields, form));
          if (values.isEmpty()) {
            throw new IllegalArgumentException(
                "nothing in the proposal was changed; approve it as it is, or correct it first");
          }
        }
      }
      result =
          desk.decide(
              approver,
              new DecisionDesk.Request(
                  workflowId,
                  decision,
                  form.get("comment"),
                  values,
                  blankToNull(form.get("stepId")),
                  requestedAt(form.get("requestedAt"))));
    } catch (IllegalArgumentException e) {
      result = new DecisionDesk.Result(DecisionDesk.Kind.INVALID, e.getMessage());
    } catch (RuntimeException e) {
      result = new DecisionDesk.Result(DecisionDesk.Kind.FAILED, e.getMessage());
    }
    log.println(
        "admin: "
            + approver.name()
            + " "
            + form.getOrDefault("decision", "?")
            + " "
            + workflowId
            + ": "
            + result.kind().name().toLowerCase(Locale.ROOT));
    String kind =
        switch (result.kind()) {
          case ACCEPTED -> "ok";
          case UNACKNOWLEDGED -> "warn";
          default -> "error";
        };
    flashes.put(session.id(), new Flash(kind, result.message()));
    HttpIo.redirect(exchange, back);
  }

  private static Long requestedAt(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("requestedAt is not a number");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
