package dev.agentfleet.workflows.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  private static final String SECRET_TEXT = "maria.lopez@example.com wants a refund for A-10423";

  private static PayloadKey key(String id, int fill) {
    byte[] material = new byte[PayloadKey.LENGTH];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (fill + i);
    }
    return new PayloadKey(id, material);
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("\"" + text + "\""))
        .build();
  }

  private static String text(Payload payload) {
    return payload.toByteString().toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void round_trip_restores_the_payload_and_its_metadata() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))));
    Payload original = json(SECRET_TEXT);

    Payload encrypted = codec.encode(List.of(original)).getFirst();

    assertThat(encrypted.getMetadataMap())
        .containsEntry("encoding", ByteString.copyFromUtf8("binary/encrypted"))
        .containsEntry("encryption-key-id", ByteString.copyFromUtf8("k1"))
        .containsEntry("encryption-cipher", ByteString.copyFromUtf8("AES-256-GCM"));
    assertThat(text(encrypted)).doesNotContain("maria").doesNotContain("json/plain");
    assertThat(encrypted.getData().size())
        .as("nonce + serialised payload + tag")
        .isEqualTo(12 + original.getSerializedSize() + 16);
    assertThat(codec.decode(List.of(encrypted))).containsExactly(original);
  }

  @Test
  void the_same_payload_encrypts_differently_every_time() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))));
    Payload original = json(SECRET_TEXT);

    Payload first = codec.encode(List.of(original)).getFirst();
    Payload second = codec.encode(List.of(original)).getFirst();

    assertThat(first.getData().substring(0, 12))
        .as("a fresh nonce per payload")
        .isNotEqualTo(second.getData().substring(0, 12));
    assertThat(first.getData()).isNotEqualTo(second.getData());
  }

  @Test
  void a_flipped_bit_fails_decoding_instead_of_returning_altered_data() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))));
    Payload encrypted = codec.encode(List.of(json(SECRET_TEXT))).getFirst();
    byte[] data = encrypted.getData().toByteArray();
    data[20] ^= 0x01;
    Payload tampered = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> codec.decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key 'k1' failed authentication");
  }

  @Test
  void a_payload_relabelled_with_another_key_id_fails_authentication() {
    PayloadKeys keys = new PayloadKeys(List.of(key("k1", 1), key("k2", 2)));
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys);
    Payload encrypted = codec.encode(List.of(json(SECRET_TEXT))).getFirst();
    Payload relabelled =
        encrypted.toBuilder()
            .putMetadata("encryption-key-id", ByteString.copyFromUtf8("k1"))
            .build();

    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void a_truncated_payload_fails_with_a_clear_message() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))));
    Payload encrypted = codec.encode(List.of(json(SECRET_TEXT))).getFirst();
    Payload truncated = encrypted.toBuilder().setData(encrypted.getData().substring(0, 10)).build();

    assertThatThrownBy(() -> codec.decode(List.of(truncated)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("10 bytes")
        .hasMessageContaining("truncated");
  }

  @Test
  void after_rotation_new_payloads_use_the_new_key_and_old_ones_still_decode() {
    // given a payload written while k1 was the only key
    Payload old =
        new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))))
            .encode(List.of(json("written before rotation")))
            .getFirst();

    // when k2 is appended and becomes active
    AesGcmPayloadCodec rotated =
        new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1), key("k2", 2))));
    Payload fresh = rotated.encode(List.of(json("written after rotation"))).getFirst();

    // then
    assertThat(rotated.activeKeyId()).isEqualTo("k2");
    assertThat(fresh.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(rotated.decode(List.of(old, fresh)))
        .containsExactly(json("written before rotation"), json("written after rotation"));
  }

  @Test
  void a_payload_under_a_key_no_longer_in_the_ring_names_the_missing_key() {
    Payload old =
        new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))))
            .encode(List.of(json(SECRET_TEXT)))
            .getFirst();
    AesGcmPayloadCodec withoutK1 =
        new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k2", 2), key("k3", 3))));

    assertThatThrownBy(() -> withoutK1.decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("encrypted with key 'k1'")
        .hasMessageContaining("it holds k2, k3")
        .hasMessageContaining("FLEET_PAYLOAD_KEYS");
  }

  @Test
  void a_key_with_the_right_id_but_other_bytes_cannot_read_the_payload() {
    Payload encrypted =
        new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))))
            .encode(List.of(json(SECRET_TEXT)))
            .getFirst();
    AesGcmPayloadCodec impostor = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 9))));

    assertThatThrownBy(() -> impostor.decode(List.of(encrypted)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void payloads_written_before_encryption_was_on_pass_through_decoding() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(new PayloadKeys(List.of(key("k1", 1))));
    Payload plain = json("from before");

    assertThat(codec.decode(List.of(plain))).containsExactly(plain);
  }

  record Ticket(String from, String body) {}

  @Test
  void the_fleet_data_converter_encrypts_values_and_a_plain_converter_cannot_read_them() {
    DataConverter encrypted = EncryptedDataConverter.of(new PayloadKeys(List.of(key("k1", 1))));
    Ticket ticket = new Ticket("maria.lopez@example.com", SECRET_TEXT);

    Payload payload = encrypted.toPayload(ticket).orElseThrow();

    assertThat(AesGcmPayloadCodec.isEncrypted(payload)).isTrue();
    assertThat(text(payload)).doesNotContain("maria");
    assertThat(encrypted.fromPayload(payload, Ticket.class, Ticket.class)).isEqualTo(ticket);
    assertThatThrownBy(
            () ->
                DefaultDataConverter.newDefaultInstance()
                    .fromPayload(payload, Ticket.class, Ticket.class))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("binary/encrypted");
  }

  @Test
  void failure_messages_are_encrypted_too() {
    DataConverter encrypted = EncryptedDataConverter.of(new PayloadKeys(List.of(key("k1", 1))));

    io.temporal.api.failure.v1.Failure failure =
        encrypted.exceptionToFailure(
            io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                "cannot parse " + SECRET_TEXT, "BadInput"));

    assertThat(failure.toByteString().toString(StandardCharsets.ISO_8859_1))
        .doesNotContain("maria");
    assertThat(failure.getApplicationFailureInfo().getType()).isEqualTo("BadInput");
    assertThat(encrypted.failureToException(failure)).hasMessageContaining(SECRET_TEXT);
  }
}
