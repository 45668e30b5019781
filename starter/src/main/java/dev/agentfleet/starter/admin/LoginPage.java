package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.Html.esc;

/** The sign-in form: the only page (with the stylesheet) that answers without a session. */
final class LoginPage {

  private LoginPage() {}

  /**
   * @param nonce the sign-in form's CSRF nonce, also set as a cookie
   * @param error why the last attempt failed; null on first show
   * @param name the name to fill in again after a failure
   */
  static String render(String nonce, String error, String name) {
    String body =
        "<section class=\"card narrow\"><h1>Sign in</h1>"
            + "<p class=\"muted\">Approvers and their roles are listed in"
            + " <code>config/approvers.yaml</code>.</p>"
            + Html.flash("error", error)
            + "<form method=\"post\" action=\"/login\" class=\"stack\" id=\"login-form\">"
            + "<input type=\"hidden\" name=\"nonce\" value=\""
            + esc(nonce)
            + "\">"
            + "<label for=\"username\">Name</label>"
            + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required"
            + " autocapitalize=\"none\" value=\""
            + esc(name)
            + "\">"
            + "<label for=\"password\">Password</label>"
            + "<input id=\"password\" name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required>"
            + "<button type=\"submit\" id=\"sign-in\" class=\"primary\">Sign in</button>"
            + "</form></section>";
    return Html.page("Sign in", null, null, 0, body);
  }
}
