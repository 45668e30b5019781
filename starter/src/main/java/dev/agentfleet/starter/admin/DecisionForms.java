package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.Html.esc;

import dev.agentfleet.workflows.approval.ApprovalRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The approve / reject form and, when the step allows edits, the edit form of one open request.
 * Both name the request they were rendered for (step and opening time), so a decision is never
 * applied to a later request the approver has not seen.
 */
final class DecisionForms {

  private DecisionForms() {}

  static String render(String workflowId, ApprovalRequest request, String csrf) {
    String action = Html.runPath(workflowId) + "/decision";
    String common =
        Html.csrfField(csrf)
            + "<input type=\"hidden\" name=\"stepId\" value=\""
            + esc(request.stepId())
            + "\"><input type=\"hidden\" name=\"requestedAt\" value=\""
            + request.requestedAt()
            + "\">";
    StringBuilder html = new StringBuilder();
    html.append("<form method=\"post\" class=\"decide stack\" action=\"")
        .append(esc(action))
        .append("\">")
        .append(common)
        .append("<label>Comment, for the record")
        .append("<textarea name=\"comment\" rows=\"2\" maxlength=\"2000\"></textarea></label>")
        .append("<div class=\"buttons\">")
        .append("<button type=\"submit\" name=\"decision\" value=\"approve\" class=\"primary\"")
        .append(" data-action=\"approve\">Approve</button>")
        .append("<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"danger\"")
        .append(" data-action=\"reject\">Reject</button>")
        .append("</div></form>");
    List<EditForm.Field> fields = EditForm.fields(request.editable(), request.proposal());
    if (!fields.isEmpty()) {
      // A draft to correct is the point of the page: shown open, in a text area. Short values
      // (an amount, a currency) stay folded behind "Edit, then approve".
      boolean draft = fields.stream().anyMatch(EditForm.Field::multiline);
      html.append(
              draft
                  ? "<section class=\"edit draft\"><h3>The proposed reply</h3>"
                      + "<p class=\"muted\">Correct it if needed; the run sends what you approve.</p>"
                  : "<details class=\"edit\"><summary>Edit, then approve</summary>")
          .append("<form method=\"post\" class=\"stack\" action=\"")
          .append(esc(action))
          .append("\">")
          .append(common)
          .append("<input type=\"hidden\" name=\"decision\" value=\"edit\">");
      for (EditForm.Field field : fields) {
        html.append(input(field));
      }
      html.append("<label>Comment, for the record")
          .append("<textarea name=\"comment\" rows=\"2\" maxlength=\"2000\"></textarea></label>")
          .append("<button type=\"submit\" class=\"primary\" data-action=\"edit\">")
          .append(draft ? "Approve with my corrections" : "Approve with these values")
          .append("</button></form>")
          .append(draft ? "</section>" : "</details>");
    }
    return html.toString();
  }

  /** The names of the fields the edit form shows, so the page does not show them twice. */
  static Set<String> inForm(ApprovalRequest request) {
    Set<String> names = new HashSet<>();
    EditForm.fields(request.editable(), request.proposal()).forEach(f -> names.add(f.name()));
    return names;
  }

  private static String input(EditForm.Field field) {
    String name = EditForm.PREFIX + field.name();
    StringBuilder html =
        new StringBuilder("<label>")
            .append(esc(field.name()))
            .append(
                field.hint().isEmpty()
                    ? ""
                    : " <span class=\"muted\">(" + esc(field.hint()) + ")</span>");
    if (!field.options().isEmpty() || field.type().equals("boolean")) {
      List<String> options = field.options().isEmpty() ? List.of("true", "false") : field.options();
      html.append("<select name=\"")
          .append(esc(name))
          .append("\"><option value=\"\">unchanged</option>");
      for (String option : options) {
        html.append("<option")
            .append(option.equals(field.current()) ? " selected" : "")
            .append(" value=\"")
            .append(esc(option))
            .append("\">")
            .append(esc(option))
            .append("</option>");
      }
      html.append("</select>");
    } else if (field.multiline()) {
      html.append("<textarea class=\"draft\" rows=\"10\" maxlength=\"20000\" name=\"")
          .append(esc(name))
          .append("\">")
          .append(esc(field.current()))
          .append("</textarea>");
    } else {
      boolean numeric = field.type().equals("number") || field.type().equals("integer");
      html.append("<input name=\"")
          .append(esc(name))
          .append("\" value=\"")
          .append(esc(field.current()))
          .append('"')
          .append(numeric ? " inputmode=\"decimal\"" : "")
          .append('>');
    }
    return html.append("</label>").toString();
  }
}
