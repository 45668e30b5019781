package dev.agentfleet.starter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerDialect;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerDatabaseTest {

  private static final Map<String, String> REPO = Map.of("FLEET_REPO", "/srv/fleet");

  private static LedgerDatabase fromEnv(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(REPO);
    env.putAll(extra);
    return CliLedger.fromEnv(env, FleetPaths.from(env));
  }

  @Test
  void without_a_url_it_is_the_sqlite_file_in_the_fleet_home() {
    LedgerDatabase ledger = fromEnv(Map.of());

    assertThat(ledger.dialect()).isEqualTo(LedgerDialect.SQLITE);
    assertThat(ledger.describe()).isEqualTo(".fleet/ledger.db");
  }

  @Test
  void a_sqlite_url_names_a_file_relative_to_the_repository_as_the_worker_reads_it() {
    assertThat(fromEnv(Map.of("FLEET_LEDGER_URL", "jdbc:sqlite:data/l.db")).describe())
        .isEqualTo("data/l.db");
    assertThat(fromEnv(Map.of("FLEET_LEDGER_URL", "jdbc:sqlite:/var/fleet/l.db?foo=1")).describe())
        .isEqualTo(Path.of("/var/fleet/l.db").toString());
    assertThatThrownBy(() -> fromEnv(Map.of("FLEET_LEDGER_URL", "jdbc:sqlite::memory:")))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("in-memory");
  }

  @Test
  void a_postgresql_url_is_shown_without_its_password() {
    LedgerDatabase ledger =
        fromEnv(
            Map.of(
                "FLEET_LEDGER_URL",
                "jdbc:postgresql://db:5432/fleet?user=fleet&password=s%40cret",
                "FLEET_LEDGER_PASSWORD",
                "apart-secret"));

    assertThat(ledger.dialect()).isEqualTo(LedgerDialect.POSTGRESQL);
    assertThat(ledger.exists()).isTrue();
    assertThat(ledger.describe())
        .isEqualTo("jdbc:postgresql://db:5432/fleet?user=fleet&password=****");
    assertThat(
            ledger.failure(
                "the actions",
                new SQLException("login as fleet with s@cret, s%40cret or apart-secret failed")))
        .hasMessage(
            "cannot read the actions from jdbc:postgresql://db:5432/fleet?user=fleet&password=****:"
                + " login as fleet with ****, **** or **** failed")
        .hasNoCause();
  }

  @Test
  void another_database_is_refused_naming_the_variable_without_its_password() {
    assertThatThrownBy(
            () -> fromEnv(Map.of("FLEET_LEDGER_URL", "jdbc:mysql://db/fleet?password=hunter2")))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("FLEET_LEDGER_URL")
        .hasMessageNotContaining("hunter2");
  }
}
