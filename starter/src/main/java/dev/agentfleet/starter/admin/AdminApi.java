package dev.agentfleet.starter.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.run.RunState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The admin page's JSON API, for scripts and a future client; callers are already signed in (and
 * their POSTs CSRF-checked) when it is reached.
 *
 * <ul>
 *   <li>{@code GET /api/session}: {@code {"approver","roles","csrfToken"}}
 *   <li>{@code GET /api/pending}: {@code {"items":[…],"unanswered":N}}, the caller's queue
 *   <li>{@code GET /api/runs/{id}}: the run's state, as {@code ./fleet status --json}; 403 when the
 *       run involves none of the caller's roles (see {@link RunAccess})
 *   <li>{@code POST /api/runs/{id}/decision}: body {@code {"decision":"approve|reject|edit",
 *       "comment","values","stepId","requestedAt"}}; answers {@code {"outcome","message","status",
 *       "step"}} with 200 when the run accepted it, 409 when it ignored it or was not waiting, 403
 *       without the role, 202 when the run has not acted yet
 * </ul>
 */
final class AdminApi {

  /** The JSON body of a decision. */
  record DecisionBody(
      String decision,
      String comment,
      Map<String, Object> values,
      String stepId,
      Long requestedAt) {}

  private final ObjectMapper json;
  private final FleetRuns runs;
  private final DecisionDesk desk;
  private final ApprovalQueue queue;
  private final Supplier<Set<String>> viewerRoles;

  AdminApi(
      ObjectMapper json,
      FleetRuns runs,
      DecisionDesk desk,
      ApprovalQueue queue,
      Supplier<Set<String>> viewerRoles) {
    this.json = json;
    this.runs = runs;
    this.desk = desk;
    this.queue = queue;
    this.viewerRoles = viewerRoles;
  }

  void handle(HttpExchange exchange, String path, boolean post, Approver approver, String csrf)
      throws IOException {
    if (!post && path.equals("/api/session")) {
      session(exchange, approver, csrf);
    } else if (!post && path.equals("/api/pending")) {
      try {
        send(exchange, 200, queue.forApprover(approver));
      } catch (RuntimeException e) {
        send(exchange, 502, AdminServer.error(e.getMessage()));
      }
    } else if (post && path.startsWith("/api/runs/") && path.endsWith("/decision")) {
      decide(exchange, AdminServer.id(path, "/api/runs/", "/decision"), approver);
    } else if (!post && path.startsWith("/api/runs/")) {
      String workflowId = AdminServer.id(path, "/api/runs/", "");
      RunState state;
      try {
        state = runs.state(workflowId);
      } catch (RuntimeException e) {
        boolean missing = e.getMessage() != null && e.getMessage().startsWith("no run with id");
        send(exchange, missing ? 404 : 502, AdminServer.error(e.getMessage()));
        return;
      }
      if (RunAccess.mayRead(approver, state, viewerRoles.get())) {
        send(exchange, 200, state);
      } else {
        send(exchange, 403, AdminServer.error(RunAccess.refusal(approver, workflowId)));
      }
    } else {
      send(exchange, 404, AdminServer.error("no such endpoint: " + path));
    }
  }

  /** The session's approver and CSRF token, for API clients that signed in through the form. */
  private void session(HttpExchange exchange, Approver approver, String csrf) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approver", approver.name());
    body.put("roles", approver.roles());
    body.put("csrfToken", csrf);
    send(exchange, 200, body);
  }

  private void decide(HttpExchange exchange, String workflowId, Approver approver)
      throws IOException {
    DecisionBody body;
    try {
      body = json.readValue(HttpIo.body(exchange), DecisionBody.class);
    } catch (JsonProcessingException e) {
      send(
          exchange,
          400,
          AdminServer.error(
              "expected {\"decision\":\"approve|reject|edit\",\"comment\":…,\"values\":{…}}: "
                  + e.getOriginalMessage()));
      return;
    }
    DecisionDesk.Result result;
    try {
      result =
          desk.decide(
              approver,
              new DecisionDesk.Request(
                  workflowId,
                  body.decision(),
                  body.comment(),
                  body.values(),
                  body.stepId(),
                  body.requestedAt()));
    } catch (RuntimeException e) {
      result = new DecisionDesk.Result(DecisionDesk.Kind.FAILED, e.getMessage());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("outcome", result.kind().name().toLowerCase(Locale.ROOT));
    answer.put("message", result.message());
    if (result.status() != null) {
      answer.put("status", result.status());
      answer.put("step", result.step());
    }
    send(exchange, result.kind().httpStatus(), answer);
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    HttpIo.json(exchange, status, json.writeValueAsString(body));
  }
}
