package dev.agentfleet.activities.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Embedding vectors as the memory stores them: 32-bit floats, little-endian, nothing else. */
final class Vectors {

  private Vectors() {}

  static byte[] toBytes(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return bytes.array();
  }

  static float[] fromBytes(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a stored embedding must hold whole 4-byte floats, got " + bytes.length + " bytes");
    }
    FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] vector = new float[floats.remaining()];
    floats.get(vector);
    return vector;
  }
}
