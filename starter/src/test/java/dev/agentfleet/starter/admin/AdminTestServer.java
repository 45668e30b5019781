package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;

/**
 * An admin server on a free port with a fake Temporal side and a hand-moved clock, for the tests
 * that need one: alice (billing, support), bob (support), erin (billing-lead) and vic (auditor, a
 * declared viewer role) sign in with {@code pw-<name>}.
 */
final class AdminTestServer implements AutoCloseable {

  static final long T0 = Instant.parse("2025-06-01T10:00:00Z").toEpochMilli();

  private static final String YAML =
      "viewerRoles: [auditor]\napprovers:\n"
          + account("alice", "[billing, support]")
          + account("bob", "[support]")
          + account("erin", "[billing-lead]")
          + account("vic", "[auditor]");

  final TestClock clock = new TestClock(Instant.ofEpochMilli(T0 + 3_600_000L));
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final FakeFleetRuns runs = new FakeFleetRuns();
  final KeyPair keys;
  final AdminServer server;

  AdminTestServer() throws Exception {
    keys = KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    ApprovalSigner signer = new ApprovalSigner(keys.getPrivate(), "test-key");
    DecisionDesk desk =
        new DecisionDesk(runs, () -> signer, clock, Duration.ofSeconds(2), Thread::onSpinWait);
    AdminAccounts accounts = AdminAccounts.parse(YAML, "approvers.yaml");
    server =
        new AdminServer(
            new AdminSettings(
                "127.0.0.1",
                0,
                false,
                Duration.ofMinutes(30),
                Duration.ofHours(12),
                100,
                Duration.ofSeconds(2),
                "http://localhost:8233"),
            () -> accounts,
            runs,
            desk,
            LoginThrottle.standard(clock),
            clock,
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static String account(String name, String roles) {
    return "  - {name: "
        + name
        + ", roles: "
        + roles
        + ", passwordHash: '"
        + PasswordHashes.hash(("pw-" + name).toCharArray(), PasswordHashes.MIN_ITERATIONS)
        + "'}\n";
  }

  AdminHttp anonymous() {
    return new AdminHttp(server.port());
  }

  AdminHttp signedIn(String name) throws Exception {
    AdminHttp http = anonymous();
    HttpResponse<String> signIn = http.signIn(name, "pw-" + name);
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
    return http;
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }
}
