package dev.agentfleet.starter.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.agentfleet.starter.approvers.Approver;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Signing in: the form with its one-time nonce (cookie and hidden field must agree), the throttle,
 * the password check, and a fresh session (never one the browser brought along) in the cookie.
 */
final class SignIn {

  private final AdminSettings settings;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final Supplier<AdminAccounts> accounts;
  private final Predicate<HttpExchange> signedIn;
  private final PrintStream log;

  SignIn(
      AdminSettings settings,
      Sessions sessions,
      LoginThrottle throttle,
      Supplier<AdminAccounts> accounts,
      Predicate<HttpExchange> signedIn,
      PrintStream log) {
    this.settings = settings;
    this.sessions = sessions;
    this.throttle = throttle;
    this.accounts = accounts;
    this.signedIn = signedIn;
    this.log = log;
  }

  /**
   * The sign-in nonce for a form: the browser's own while it is still good (a second tab, or the
   * favicon request a browser makes next to the form, must not invalidate the first form), else a
   * new one set as a cookie.
   */
  String nonce(HttpExchange exchange) {
    String current = HttpIo.cookies(exchange).get(settings.loginCookie());
    if (sessions.liveLoginNonce(current)) {
      return current;
    }
    String nonce = sessions.loginNonce();
    HttpIo.setCookie(exchange, settings.loginCookie(), nonce, 900, settings.cookieAttributes());
    return nonce;
  }

  /** The form; a browser already signed in is sent to the queue instead. */
  void form(HttpExchange exchange, int status, String error, String name) throws IOException {
    if (error == null && signedIn.test(exchange)) {
      HttpIo.redirect(exchange, "/");
      return;
    }
    HttpIo.html(exchange, status, LoginPage.render(nonce(exchange), error, name));
  }

  /** Checks a posted sign-in form; on success opens a fresh session and goes to the queue. */
  void submit(HttpExchange exchange) throws IOException {
    Map<String, String> form = HttpIo.form(exchange);
    String name = form.getOrDefault("username", "").strip();
    String client = exchange.getRemoteAddress().getAddress().getHostAddress();
    if (!sessions.redeemLoginNonce(
        HttpIo.cookies(exchange).get(settings.loginCookie()), form.get("nonce"))) {
      log.println(
          "admin: refused a sign-in from "
              + client
              + ": the form's nonce is missing, stale or does not match its cookie");
      form(
          exchange,
          403,
          "The sign-in form expired or did not come from this page; try again.",
          name);
      return;
    }
    Optional<Duration> wait = throttle.begin(name, client);
    if (wait.isPresent()) {
      log.println("admin: sign-in delayed: recent failures for this name from client " + client);
      form(
          exchange,
          429,
          "Too many failed sign-ins from here. Try again in " + wait(wait.get()) + ".",
          name);
      return;
    }
    char[] password = form.getOrDefault("password", "").toCharArray();
    Optional<Approver> approver = Optional.empty();
    try {
      approver = accounts.get().authenticate(name, password);
    } finally {
      PasswordHashes.wipe(password);
      if (approver.isEmpty()) {
        throttle.failed(name, client);
      } else {
        throttle.succeeded(name, client);
      }
    }
    if (approver.isEmpty()) {
      log.println("admin: failed sign-in from " + client);
      form(exchange, 401, "Wrong name or password.", name);
      return;
    }
    Optional.ofNullable(HttpIo.cookies(exchange).get(settings.sessionCookie()))
        .ifPresent(sessions::close);
    Sessions.Session session = sessions.open(approver.get().name());
    HttpIo.setCookie(
        exchange,
        settings.sessionCookie(),
        session.id(),
        settings.absolute().toSeconds(),
        settings.cookieAttributes());
    HttpIo.setCookie(exchange, settings.loginCookie(), "", 0, settings.cookieAttributes());
    log.println("admin: " + approver.get().name() + " signed in from " + client);
    HttpIo.redirect(exchange, "/");
  }

  /** A wait as people read it: seconds under two minutes, else whole minutes rounded up. */
  static String wait(Duration wait) {
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
  }
}
