package dev.agentfleet.workflows.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;

/**
 * The data converter of every fleet client when payload encryption is on. The worker and the CLI
 * both build theirs here, so they always agree on what goes into history.
 */
public final class EncryptedDataConverter {

  private EncryptedDataConverter() {}

  /**
   * The default JSON converter with {@link AesGcmPayloadCodec} behind it. Failure messages and
   * stack traces are encrypted too (moved into the failure's encoded attributes), since an error
   * message may quote the input that caused it.
   */
  public static DataConverter of(PayloadKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)), true);
  }
}
