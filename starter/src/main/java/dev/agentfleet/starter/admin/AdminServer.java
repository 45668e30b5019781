package dev.agentfleet.starter.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.approvers.Approver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The approvers' admin page on the JDK's HTTP server: sign-in, the queue, a run's page, decisions,
 * and the same as JSON under {@code /api}. Only {@code /login}, {@code /static/admin.css} and
 * {@code /healthz} answer without a session: other pages send anonymous browsers to the sign-in
 * form, and the API answers 401. Every POST must carry the session's CSRF token (the form field
 * {@code csrf}, or the header {@code X-CSRF-Token} for the API), the sign-in form its own nonce.
 */
public final class AdminServer implements AutoCloseable {

  static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  private record Caller(Sessions.Session session, Approver approver) {}

  private final AdminSettings settings;
  private final Supplier<AdminAccounts> accounts;
  private final Sessions sessions;
  private final PrintStream log;
  private final AdminApi api;
  private final SignIn signIn;
  private final AdminPages pages;
  private final byte[] css;
  private final HttpServer server;
  private final ExecutorService executor;

  /** Starts serving at once; fails with what to do when the port is taken. */
  public AdminServer(
      AdminSettings settings,
      Supplier<AdminAccounts> accounts,
      FleetRuns runs,
      DecisionDesk desk,
      LoginThrottle throttle,
      Clock clock,
      PrintStream log) {
    this.settings = settings;
    this.accounts = accounts;
    ApprovalQueue queue = new ApprovalQueue(runs, clock, settings.queueLimit());
    this.sessions = new Sessions(clock, settings.idle(), settings.absolute());
    this.log = log;
    this.api = new AdminApi(JSON, runs, desk, queue, () -> accounts.get().viewerRoles());
    this.signIn =
        new SignIn(settings, sessions, throttle, accounts, e -> caller(e).isPresent(), log);
    this.pages = new AdminPages(runs, desk, queue, clock, log, () -> accounts.get().viewerRoles());
    this.css = resource("/admin/admin.css");
    try {
      this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    } catch (BindException e) {
      throw new FleetException(
          "cannot serve the admin page on "
              + settings.host()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + ") — something else listens there; set FLEET_ADMIN_PORT or --port");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port it listens on (the one asked for, or the one chosen for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Routes one exchange and closes it only after the error answers are sent: a try-with-resources
   * over the exchange would close it before its catch blocks run, so the 413 and 500 never left.
   */
  private void handle(HttpExchange exchange) {
    try {
      route(exchange);
    } catch (HttpIo.TooLarge e) {
      exchange.getResponseHeaders().set("Connection", "close");
      quietly(() -> HttpIo.text(exchange, 413, "request too large\n"));
    } catch (Exception e) {
      log.println("admin: " + exchange.getRequestMethod() + " failed: " + e);
      quietly(() -> HttpIo.text(exchange, 500, "the admin page failed; see its log\n"));
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    boolean get = method.equals("GET") || method.equals("HEAD");
    boolean post = method.equals("POST");
    String path = exchange.getRequestURI().getRawPath();
    switch (path) {
      case "/static/admin.css" -> {
        if (!get) {
          notAllowed(exchange);
          return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
        HttpIo.send(exchange, 200, "text/css; charset=utf-8", css);
        return;
      }
      case "/favicon.ico" -> {
        HttpIo.text(exchange, 404, "no icon\n");
        return;
      }
      case "/healthz" -> {
        HttpIo.text(exchange, 200, "ok\n");
        return;
      }
      case "/login" -> {
        if (get) {
          signIn.form(exchange, 200, null, "");
        } else if (post) {
          signIn.submit(exchange);
        } else {
          notAllowed(exchange);
        }
        return;
      }
      default -> {}
    }
    boolean apiPath = path.startsWith("/api/");
    Optional<Caller> caller = caller(exchange);
    if (caller.isEmpty()) {
      if (apiPath) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Cookie realm=\"fleet-admin\"");
        HttpIo.json(exchange, 401, "{\"error\":\"sign in first: the session cookie from /login\"}");
      } else if (get) {
        HttpIo.redirect(exchange, "/login");
      } else {
        HttpIo.html(exchange, 401, LoginPage.render(signIn.nonce(exchange), "Sign in first.", ""));
      }
      return;
    }
    Caller who = caller.get();
    Map<String, String> form = Map.of();
    if (post) {
      String presented;
      if (apiPath) {
        presented = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
      } else {
        form = HttpIo.form(exchange);
        presented = form.get("csrf");
      }
      if (!Sessions.tokensMatch(who.session().csrfToken(), presented)) {
        log.println("admin: refused a POST to " + path + " without a valid CSRF token");
        if (apiPath) {
          HttpIo.json(exchange, 403, "{\"error\":\"missing or wrong " + CSRF_HEADER + " header\"}");
        } else {
          HttpIo.html(
              exchange,
              403,
              Html.page(
                  "Refused",
                  who.approver(),
                  who.session().csrfToken(),
                  0,
                  Html.flash(
                      "error",
                      "This form is out of date or did not come from this page (CSRF check)."
                          + " Go back, reload and try again.")));
        }
        return;
      }
    } else if (!get) {
      notAllowed(exchange);
      return;
    }
    if (apiPath) {
      api.handle(exchange, path, post, who.approver(), who.session().csrfToken());
      return;
    }
    if (path.equals("/") && get) {
      pages.queue(exchange, who.session(), who.approver());
    } else if (path.equals("/logout") && post) {
      sessions.close(who.session().id());
      pages.forget(who.session().id());
      HttpIo.setCookie(exchange, settings.sessionCookie(), "", 0, settings.cookieAttributes());
      HttpIo.redirect(exchange, "/login");
    } else if (path.startsWith("/runs/") && post && path.endsWith("/decision")) {
      pages.decide(exchange, who.session(), who.approver(), id(path, "/runs/", "/decision"), form);
    } else if (path.startsWith("/runs/") && get) {
      pages.run(exchange, who.session(), who.approver(), id(path, "/runs/", ""));
    } else {
      HttpIo.html(
          exchange,
          404,
          Html.page(
              "Not found",
              who.approver(),
              who.session().csrfToken(),
              0,
              Html.flash("error", "No such page.")));
    }
  }

  private Optional<Caller> caller(HttpExchange exchange) {
    String id = HttpIo.cookies(exchange).get(settings.sessionCookie());
    if (id == null || !TOKEN.matcher(id).matches()) {
      return Optional.empty();
    }
    return sessions
        .find(id)
        .flatMap(
            session ->
                accounts
                    .get()
                    .find(session.approver())
                    .map(approver -> new Caller(session, approver)));
  }

  /** The workflow id in a path: one percent-encoded segment (or the raw rest, slashes and all). */
  static String id(String rawPath, String prefix, String suffix) {
    String rest = rawPath.substring(prefix.length(), rawPath.length() - suffix.length());
    return URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void notAllowed(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Allow", "GET, POST");
    HttpIo.text(exchange, 405, "method not allowed\n");
  }

  private static byte[] resource(String name) {
    try (InputStream in = AdminServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Io {
    void run() throws IOException;
  }

  private static void quietly(Io io) {
    try {
      io.run();
    } catch (IOException | RuntimeException e) {
      // The response was already under way; nothing more can be said.
    }
  }

  /** Stops listening; requests in flight get a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  static Map<String, Object> error(String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", message);
    return error;
  }
}
