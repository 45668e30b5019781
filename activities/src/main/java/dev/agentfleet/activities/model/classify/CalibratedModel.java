package dev.agentfleet.activities.model.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fitted classifier whose probabilities are calibrated: logistic-regression logits divided by a
 * temperature fitted on out-of-fold logits, so that among texts given probability 0.9 about nine in
 * ten are right. Immutable once fitted; safe to share between threads.
 *
 * @param labels the closed set of labels, in the order of the weights' rows
 * @param temperature what the logits are divided by before the softmax
 * @param examples how many labelled examples it was fitted on
 * @param folds how many folds the temperature was fitted over (0 when too few examples)
 * @param heldOutAccuracy the out-of-fold accuracy, NaN when there were no folds
 * @param vocabulary the examples' words and how often they occur, for {@link #prepare}
 */
public record CalibratedModel(
    List<String> labels,
    SoftmaxTrainer.Weights weights,
    double temperature,
    int examples,
    int folds,
    double heldOutAccuracy,
    Map<String, Integer> vocabulary) {

  private static final int MAGIC = 0x43414c32;

  /**
   * The text as the model reads it: normalised ({@link LexicalFeatures#normalise}), and each word
   * the examples never used corrected to an example word one edit away ({@link Spelling}).
   */
  public String prepare(String text) {
    return Spelling.correct(LexicalFeatures.normalise(text), vocabulary);
  }

  /** One text's calibrated probabilities, one per label in {@link #labels} order. */
  public double[] probabilities(float[] embedding, LexicalFeatures.Sparse ngrams) {
    double[] z = new double[labels.size()];
    weights.logits(Features.dense(embedding), ngrams, z);
    for (int i = 0; i < z.length; i++) {
      z[i] /= temperature;
    }
    SoftmaxTrainer.softmaxInPlace(z);
    return z;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(labels.size());
    for (String label : labels) {
      out.writeUTF(label);
    }
    out.writeDouble(temperature);
    out.writeInt(examples);
    out.writeInt(folds);
    out.writeDouble(heldOutAccuracy);
    out.writeInt(vocabulary.size());
    for (var entry : new TreeMap<>(vocabulary).entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue());
    }
    int dense = weights.dense[0].length;
    out.writeInt(dense);
    for (int k = 0; k < labels.size(); k++) {
      out.writeFloat(weights.bias[k]);
      for (float v : weights.dense[k]) {
        out.writeFloat(v);
      }
      float[] sparse = weights.sparse[k];
      int nonZero = 0;
      for (float v : sparse) {
        nonZero += v != 0 ? 1 : 0;
      }
      out.writeInt(nonZero);
      for (int i = 0; i < sparse.length; i++) {
        if (sparse[i] != 0) {
          out.writeInt(i);
          out.writeFloat(sparse[i]);
        }
      }
    }
  }

  static CalibratedModel read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a fitted classifier");
    }
    int classes = in.readInt();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      labels.add(in.readUTF());
    }
    double temperature = in.readDouble();
    int examples = in.readInt();
    int folds = in.readInt();
    double heldOut = in.readDouble();
    int words = in.readInt();
    Map<String, Integer> vocabulary = new HashMap<>();
    for (int i = 0; i < words; i++) {
      vocabulary.put(in.readUTF(), in.readInt());
    }
    int dense = in.readInt();
    SoftmaxTrainer.Weights w =
        new SoftmaxTrainer.Weights(classes, dense, LexicalFeatures.DIMENSIONS);
    for (int k = 0; k < classes; k++) {
      w.bias[k] = in.readFloat();
      for (int d = 0; d < dense; d++) {
        w.dense[k][d] = in.readFloat();
      }
      int nonZero = in.readInt();
      for (int i = 0; i < nonZero; i++) {
        int at = in.readInt();
        w.sparse[k][at] = in.readFloat();
      }
    }
    return new CalibratedModel(
        List.copyOf(labels), w, temperature, examples, folds, heldOut, Map.copyOf(vocabulary));
  }
}
