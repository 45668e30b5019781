package dev.agentfleet.workflows.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadKeysTest {

  private static String b64(int length, int fill) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void the_last_key_listed_is_active_and_every_key_is_found() {
    PayloadKeys keys =
        PayloadKeys.parse(
            "# payload keys\n\nold-2024 " + b64(32, 1) + "\r\n  new-2025   " + b64(32, 2) + "  \n",
            "payload.keys");

    assertThat(keys.ids()).containsExactly("old-2024", "new-2025");
    assertThat(keys.active().id()).isEqualTo("new-2025");
    assertThat(keys.find("old-2024")).get().extracting(PayloadKey::material).isNotNull();
    assertThat(keys.find("missing")).isEmpty();
  }

  @Test
  void a_short_key_is_refused_with_its_line_and_without_its_bytes() {
    String shortKey = b64(16, 7);

    assertThatThrownBy(() -> PayloadKeys.parse("a " + b64(32, 1) + "\nb " + shortKey, "f.keys"))
        .isInstanceOf(PayloadKeyException.class)
        .hasMessageContaining("f.keys line 2")
        .hasMessageContaining("'b' is 16 bytes")
        .message()
        .doesNotContain(shortKey);
  }

  @Test
  void malformed_lines_are_refused_with_their_line_numbers() {
    assertThatThrownBy(() -> PayloadKeys.parse("k1", "f"))
        .hasMessageContaining("f line 1: expected '<key id> <base64 of 32 bytes>'");
    assertThatThrownBy(() -> PayloadKeys.parse("\nk1 not*base64", "f"))
        .hasMessageContaining("f line 2: the key of 'k1' is not valid base64");
    assertThatThrownBy(() -> PayloadKeys.parse("k1 " + b64(32, 1) + "\nk1 " + b64(32, 2), "f"))
        .hasMessageContaining("f line 2: key id 'k1' is already on line 1");
    assertThatThrownBy(() -> PayloadKeys.parse("k/1 " + b64(32, 1), "f"))
        .hasMessageContaining("f line 1: a payload key id must be");
    assertThatThrownBy(() -> PayloadKeys.parse("# only a comment\n", "f"))
        .hasMessageContaining("f holds no key");
  }

  @Test
  void a_key_never_shows_its_bytes_when_printed() {
    String material = b64(32, 42);
    PayloadKeys keys = PayloadKeys.parse("k1 " + material, "f");

    assertThat(keys.active().toString()).isEqualTo("PayloadKey[k1]").doesNotContain(material);
    assertThat(keys.toString()).doesNotContain(material);
  }

  @Test
  void encryption_is_off_unless_configured() {
    assertThat(PayloadKeySetting.from(Map.of(), "/h")).isEmpty();
    assertThat(PayloadKeySetting.from(Map.of("FLEET_ENCRYPT_PAYLOADS", "false"), "/h")).isEmpty();
  }

  @Test
  void turning_encryption_on_uses_the_key_file_under_the_fleet_home() {
    assertThat(PayloadKeySetting.from(Map.of("FLEET_ENCRYPT_PAYLOADS", "TRUE"), "/h/.fleet"))
        .contains(new PayloadKeySetting("/h/.fleet/keys/payload.keys", true));
    assertThat(PayloadKeySetting.from(Map.of("FLEET_PAYLOAD_KEYS", "/etc/fleet/keys"), "/h"))
        .contains(new PayloadKeySetting("/etc/fleet/keys", false));
    assertThat(
            PayloadKeySetting.from(
                Map.of("FLEET_PAYLOAD_KEYS", "k.keys", "FLEET_ENCRYPT_PAYLOADS", "true"), "/h"))
        .contains(new PayloadKeySetting("k.keys", true));
  }

  @Test
  void contradicting_or_malformed_settings_fail() {
    assertThatThrownBy(
            () ->
                PayloadKeySetting.from(
                    Map.of("FLEET_PAYLOAD_KEYS", "k.keys", "FLEET_ENCRYPT_PAYLOADS", "false"),
                    "/h"))
        .isInstanceOf(PayloadKeyException.class)
        .hasMessageContaining("contradicts");
    assertThatThrownBy(() -> PayloadKeySetting.from(Map.of("FLEET_ENCRYPT_PAYLOADS", "yes"), "/h"))
        .hasMessageContaining("must be true or false, got 'yes'");
  }
}
