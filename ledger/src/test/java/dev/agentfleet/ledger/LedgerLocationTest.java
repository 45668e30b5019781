package dev.agentfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerLocationTest {

  @Test
  void redacting_masks_every_password_parameter_and_keeps_the_rest() {
    assertThat(
            LedgerLocation.redact(
                "jdbc:postgresql://db:5432/fleet?user=fleet&password=s3cret&sslpassword=k3y&ssl=true"))
        .isEqualTo(
            "jdbc:postgresql://db:5432/fleet?user=fleet&password=****&sslpassword=****&ssl=true");
    assertThat(LedgerLocation.redact("jdbc:sqlite:/x/ledger.db"))
        .isEqualTo("jdbc:sqlite:/x/ledger.db");
  }

  @Test
  void scrubbing_removes_the_password_given_apart_or_url_encoded() {
    LedgerLocation apart = new LedgerLocation("jdbc:postgresql://db/fleet", "fleet", "hunter2");
    LedgerLocation encoded = LedgerLocation.of("jdbc:postgresql://db/fleet?password=a%26b");

    assertThat(apart.scrub("login hunter2 refused")).isEqualTo("login **** refused");
    assertThat(encoded.scrub("bad password a&b for jdbc:postgresql://db/fleet?password=a%26b"))
        .isEqualTo("bad password **** for jdbc:postgresql://db/fleet?password=****");
    assertThat(apart.toString()).doesNotContain("hunter2").contains("user=fleet");
    assertThat(apart.revealedIn(new SQLException("x", new RuntimeException("hunter2")))).isTrue();
    assertThat(apart.revealedIn(new SQLException("connection refused"))).isFalse();
  }

  @Test
  void the_environment_gives_the_url_and_the_credentials_apart() {
    LedgerLocation location =
        LedgerLocation.fromEnv(
            Map.of(
                "FLEET_LEDGER_URL", " jdbc:postgresql://db:5432/fleet ",
                "FLEET_LEDGER_USER", "fleet",
                "FLEET_LEDGER_PASSWORD", "hunter2"),
            "jdbc:sqlite:/home/ledger.db");

    assertThat(location)
        .isEqualTo(new LedgerLocation("jdbc:postgresql://db:5432/fleet", "fleet", "hunter2"));
    assertThat(LedgerLocation.fromEnv(Map.of("FLEET_LEDGER_PASSWORD", " "), "jdbc:sqlite:/h/l.db"))
        .isEqualTo(LedgerLocation.of("jdbc:sqlite:/h/l.db"));
  }

  @Test
  void a_database_other_than_sqlite_or_postgresql_is_refused_with_the_urls_that_work() {
    assertThatThrownBy(() -> LedgerLocation.of("jdbc:mysql://db/fleet?password=hunter2").dialect())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite:")
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void sqlite_file_is_found_in_plain_and_file_urls_and_memory_urls_have_none() {
    assertThat(LedgerLocation.of("jdbc:sqlite:/x/ledger.db").sqliteFile())
        .isEqualTo(Path.of("/x/ledger.db"));
    assertThat(LedgerLocation.of("jdbc:sqlite:file:/x/ledger.db?cache=private").sqliteFile())
        .isEqualTo(Path.of("/x/ledger.db"));
    assertThat(LedgerLocation.of("jdbc:sqlite::memory:").sqliteFile()).isNull();
    assertThat(LedgerLocation.of("jdbc:sqlite:file:mem?mode=memory&cache=shared").sqliteFile())
        .isNull();
  }
}
