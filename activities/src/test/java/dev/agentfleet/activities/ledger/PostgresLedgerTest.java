package dev.agentfleet.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.ledger.LedgerDialect;
import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only PostgreSQL has: logins, a server that may refuse them, concurrent migration. */
class PostgresLedgerTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  @Test
  void credentials_may_ride_in_the_url_instead_of_apart() {
    String url =
        postgres.newDatabase() + "?user=" + postgres.user() + "&password=" + postgres.password();

    try (Ledger ledger = new Ledger(url)) {
      LedgerRows.update(
          ledger,
          "INSERT INTO sandbox_mail (message_id, idempotency_key, created_at)"
              + " VALUES ('msg-1', 'key-1', '2025-03-01T10:00:00.000Z')");

      assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(1);
      assertThat(ledger.dialect()).isEqualTo(LedgerDialect.POSTGRESQL);
      assertThat(ledger.describe()).contains("password=****").doesNotContain(postgres.password());
    }
  }

  @Test
  void a_refused_login_names_the_database_but_never_the_password() {
    String database = postgres.newDatabase();
    String wrong = "not-the-password-" + System.nanoTime();
    List<LedgerLocation> attempts =
        List.of(
            new LedgerLocation(database, postgres.user(), wrong),
            LedgerLocation.of(database + "?user=" + postgres.user() + "&password=" + wrong));

    for (LedgerLocation location : attempts) {
      LedgerException failure =
          catchThrowableOfType(LedgerException.class, () -> new Ledger(location));

      assertThat(failure.getMessage())
          .contains("127.0.0.1:" + postgres.port())
          .contains("password authentication failed");
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(wrong);
    }
  }

  @Test
  void workers_opening_a_new_database_at_once_migrate_it_once() throws Exception {
    LedgerLocation location =
        new LedgerLocation(postgres.newDatabase(), postgres.user(), postgres.password());

    List<Ledger> ledgers = Race.run(4, i -> () -> new Ledger(location));
    try {
      Ledger any = ledgers.get(0);
      assertThat(LedgerRows.count(any, "ledger_actions")).isZero();
      assertThat(
              LedgerRows.value(
                  any,
                  "SELECT COUNT(*) FROM flyway_schema_history"
                      + " GROUP BY version ORDER BY COUNT(*) DESC LIMIT 1"))
          .as("the most times any one version was applied")
          .isEqualTo("1");
    } finally {
      ledgers.forEach(Ledger::close);
    }
  }
}
