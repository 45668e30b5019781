package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.starter.cli.FleetContext;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.ApprovalKeyFiles;
import dev.agentfleet.starter.local.DevServer;
import dev.agentfleet.starter.local.FleetPaths;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet admin serve}: serves the admin page until stopped (SIGTERM or Ctrl-C). {@code
 * ./fleet up} runs it in the background; in compose it is a service of its own.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the approvers' admin page until stopped (./fleet up starts it in the background).",
      "Settings: FLEET_ADMIN_PORT (7070), FLEET_ADMIN_HOST (127.0.0.1),",
      "FLEET_ADMIN_SECURE_COOKIES, FLEET_TEMPORAL_UI, FLEET_ADMIN_DECISION_TIMEOUT_SECONDS."
    })
final class AdminServeCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--port", paramLabel = "PORT", description = "default FLEET_ADMIN_PORT or 7070")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "the address to listen on; default FLEET_ADMIN_HOST or 127.0.0.1")
  String host;

  AdminServeCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    FleetPaths paths = context.paths();
    TemporalConnection temporal = context.temporal();
    String webUi = temporal.isLocal() ? "http://localhost:" + DevServer.uiPort(temporal) : null;
    AdminSettings settings = AdminSettings.fromEnv(context.env(), webUi);
    settings =
        settings.withAddress(
            host != null ? host : settings.host(), port != null ? port : settings.port());
    AccountsFile accounts =
        new AccountsFile(paths.approvers(), paths.show(paths.approvers()), context.err());
    ApprovalSigner signer = signer(paths);
    TemporalFleetRuns runs =
        new TemporalFleetRuns(temporal, settings.webUi(), settings.ackTimeout());
    DecisionDesk desk =
        new DecisionDesk(
            runs, () -> signer, Clock.systemUTC(), settings.ackTimeout(), AdminServeCommand::pause);
    AdminServer server =
        new AdminServer(
            settings,
            accounts,
            runs,
            desk,
            LoginThrottle.standard(Clock.systemUTC()),
            Clock.systemUTC(),
            context.err());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  context.err().println("admin: stopped");
                  stopped.countDown();
                },
                "admin-shutdown"));
    String shown =
        settings.host().equals("127.0.0.1") || settings.host().equals("0.0.0.0")
            ? "localhost"
            : settings.host();
    context
        .out()
        .println(
            "admin page on http://"
                + shown
                + ":"
                + server.port()
                + " (Temporal "
                + temporal.address()
                + "; "
                + dev.agentfleet.starter.Counts.of(accounts.get().size(), "approver")
                + " with a password in "
                + paths.show(paths.approvers())
                + ")");
    if (accounts.get().size() == 0) {
      context
          .err()
          .println(
              "admin: no approver in "
                  + paths.show(paths.approvers())
                  + " has a passwordHash, so nobody can sign in — add one with ./fleet admin"
                  + " hash-password");
    }
    stopped.await();
    return 0;
  }

  /** The approvers' signing key, created on first use as {@code ./fleet approve} does. */
  private ApprovalSigner signer(FleetPaths paths) {
    ApprovalKeyFiles keys = new ApprovalKeyFiles(paths, context.env());
    keys.ensure()
        .ifPresent(
            keyId ->
                context
                    .err()
                    .println(
                        "admin: created the approval signing key "
                            + paths.show(keys.signingKey())
                            + " (key id "
                            + keyId
                            + "); workers trust the public keys in "
                            + paths.show(keys.publicKeys())));
    return keys.signer();
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run", e);
    }
  }
}
