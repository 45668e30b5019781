package dev.agentfleet.workflows.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every payload with AES-256-GCM, so Temporal's history holds ciphertext only.
 *
 * <p>The whole original payload (its metadata, such as {@code encoding: json/plain}, and its data)
 * is serialised and encrypted under the active key with a fresh random 96-bit nonce. The encrypted
 * payload carries {@code encoding: binary/encrypted}, {@code encryption-cipher: AES-256-GCM} and
 * {@code encryption-key-id: <id>} in the clear; its data is the nonce followed by the ciphertext
 * and the 128-bit tag. The cipher and key id are bound to the ciphertext as associated data, so
 * relabelling a payload fails like altering it does.
 *
 * <p>Decoding picks the key by the id in the payload, so a ring with several keys reads payloads
 * written under any of them: rotation is adding a key and making it the active one. Payloads that
 * are not encrypted pass through decoding unchanged, so histories written before encryption was
 * turned on stay readable.
 *
 * <p>The codec is pure {@code javax.crypto} and takes its keys as bytes; loading the key file is
 * the caller's job. It is thread-safe: every call takes its own {@link Cipher}.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";
  public static final String METADATA_CIPHER = "encryption-cipher";
  public static final String CIPHER = "AES-256-GCM";

  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PayloadKeys keys;
  private final Map<String, SecretKey> secrets = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  /**
   * Builds the codec and proves it works: one payload is encrypted and decrypted at once, so a
   * broken JCE setup fails at start rather than in the first workflow task, and the cipher is warm
   * before a workflow thread (which must yield within a second) first needs it.
   */
  public AesGcmPayloadCodec(PayloadKeys keys) {
    this.keys = keys;
    for (String id : keys.ids()) {
      secrets.put(id, new SecretKeySpec(keys.find(id).orElseThrow().material(), "AES"));
    }
    Payload probe = Payload.newBuilder().setData(ByteString.copyFromUtf8("probe")).build();
    if (!decrypt(encrypt(probe)).equals(probe)) {
      throw new IllegalStateException(CIPHER + " does not round-trip on this JVM");
    }
  }

  /** The id of the key new payloads are encrypted with. */
  public String activeKeyId() {
    return keys.active().id();
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  /** True when the payload is one this codec wrote (whatever key it used). */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, null));
  }

  private Payload encrypt(Payload payload) {
    String keyId = keys.active().id();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, secrets.get(keyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(CIPHER, keyId));
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with " + CIPHER, e);
    }
    byte[] data = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
        .putMetadata(METADATA_CIPHER, ByteString.copyFromUtf8(CIPHER))
        .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyId))
        .setData(UnsafeByteOperations.unsafeWrap(data))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    String cipherName = metadata(payload, METADATA_CIPHER);
    if (cipherName != null && !cipherName.equals(CIPHER)) {
      throw new PayloadCodecException(
          "payload is encrypted with '" + cipherName + "'; this codec reads " + CIPHER + " only");
    }
    String keyId = metadata(payload, METADATA_KEY_ID);
    if (keyId == null) {
      throw new PayloadCodecException(
          "encrypted payload carries no " + METADATA_KEY_ID + " metadata; it cannot be decrypted");
    }
    SecretKey secret = secrets.get(keyId);
    if (secret == null) {
      throw new PayloadCodecException(
          "payload was encrypted with key '"
              + keyId
              + "', which is not in the payload key ring (it holds "
              + String.join(", ", keys.ids())
              + "); add that key back to the key file (FLEET_PAYLOAD_KEYS) to read it");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException(
          "encrypted payload is "
              + data.length
              + " bytes, shorter than a nonce and a tag; it was truncated");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(CIPHER, keyId));
      plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException(
          "payload encrypted with key '"
              + keyId
              + "' failed authentication: it was altered, or the key named '"
              + keyId
              + "' here is not the key that encrypted it",
          e);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot decrypt a payload with " + CIPHER, e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "payload decrypted with key '" + keyId + "' does not hold a Temporal payload", e);
    }
  }

  private static String metadata(Payload payload, String name) {
    ByteString value = payload.getMetadataOrDefault(name, null);
    return value == null ? null : value.toStringUtf8();
  }

  private static byte[] associatedData(String cipher, String keyId) {
    return (cipher + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
  }
}
