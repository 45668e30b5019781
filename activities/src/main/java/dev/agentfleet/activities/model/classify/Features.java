package dev.agentfleet.activities.model.classify;

/**
 * How an embedding enters the model: scaled to unit length, times a block weight that balances it
 * against the unit-length n-gram block.
 */
final class Features {

  static final float DENSE_WEIGHT = 1.0f;

  private Features() {}

  static float[] dense(float[] embedding) {
    double norm = 0;
    for (float v : embedding) {
      norm += v * v;
    }
    float scale = norm == 0 ? 0 : (float) (DENSE_WEIGHT / Math.sqrt(norm));
    float[] out = new float[embedding.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = embedding[i] * scale;
    }
    return out;
  }
}
