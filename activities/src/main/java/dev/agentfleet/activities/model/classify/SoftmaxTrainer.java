package dev.agentfleet.activities.model.classify;

import java.util.Random;

/**
 * Multinomial logistic regression by stochastic gradient descent over the classifier's two feature
 * blocks: a dense sentence embedding and sparse hashed n-grams. Plain arrays, one pass order fixed
 * by a seeded shuffle, so the same data gives the same weights.
 */
final class SoftmaxTrainer {

  /**
   * The training settings; {@link #DEFAULT} is what the offline classifier uses: 12 epochs at rate
   * 0.4, the embedding block learning 1.5 times as fast as the n-gram block, one typo copy per
   * example. Chosen by the 3-fold held-out accuracy on the BANKING77 training fold ({@code
   * CalibrationTuning} and {@code CalibrationBench} in the test sources): 0.9257 against 0.9237
   * with the embedding block at 1.0 and 0.9244 at 2.5.
   *
   * @param denseRate how much faster the embedding block learns than the n-gram block (the same as
   *     scaling that block's features by its square root)
   */
  record Settings(
      int epochs, double learningRate, double denseRate, double l2, int typoCopies, long seed) {
    static final Settings DEFAULT = new Settings(12, 0.4, 1.5, 1e-6, 1, 20_260_107L);
  }

  /**
   * The data: row {@code i} is {@code dense[i]} next to {@code sparse[i]}, labelled {@code y[i]};
   * {@code normalised[i]} is its normalised text, from which typo copies are made (null: none).
   */
  record Data(
      float[][] dense,
      LexicalFeatures.Sparse[] sparse,
      int[] y,
      int classes,
      String[] normalised) {}

  /** A probability below which a wrong class's update is skipped (its gradient is that small). */
  private static final double NEGLIGIBLE = 1e-4;

  private SoftmaxTrainer() {}

  /**
   * Fits weights on the given rows of the data, and on {@code typoCopies} copies of each whose
   * n-grams are those of the text with one typo ({@link Typos}) and whose embedding is the
   * original's: the n-gram weights learn to expect misspelt words without embedding more text.
   */
  static Weights train(Data data, int[] rows, Settings settings) {
    if (settings.typoCopies() > 0 && data.normalised() != null) {
      int copies = settings.typoCopies();
      int n = rows.length * (1 + copies);
      float[][] dense = new float[n][];
      LexicalFeatures.Sparse[] sparse = new LexicalFeatures.Sparse[n];
      int[] y = new int[n];
      int[] all = new int[n];
      int at = 0;
      for (int row : rows) {
        Random random = new Random(settings.seed() * 31 + row);
        for (int c = 0; c <= copies; c++) {
          dense[at] = data.dense()[row];
          sparse[at] =
              c == 0
                  ? data.sparse()[row]
                  : LexicalFeatures.of(Typos.one(data.normalised()[row], random));
          y[at] = data.y()[row];
          all[at] = at;
          at++;
        }
      }
      Settings plain =
          new Settings(
              settings.epochs(),
              settings.learningRate(),
              settings.denseRate(),
              settings.l2(),
              0,
              settings.seed());
      return fit(new Data(dense, sparse, y, data.classes(), null), all, plain);
    }
    return fit(data, rows, settings);
  }

  private static Weights fit(Data data, int[] rows, Settings settings) {
    int classes = data.classes();
    int dense = data.dense()[0].length;
    Weights w = new Weights(classes, dense, LexicalFeatures.DIMENSIONS);
    int[] order = rows.clone();
    Random random = new Random(settings.seed());
    double[] logits = new double[classes];
    long step = 0;
    long total = (long) settings.epochs() * order.length;
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      for (int row : order) {
        double lr = settings.learningRate() * (1.0 - 0.9 * step / (double) total);
        step++;
        float[] x = data.dense()[row];
        LexicalFeatures.Sparse s = data.sparse()[row];
        w.logits(x, s, logits);
        softmaxInPlace(logits);
        float shrink = (float) (1 - lr * settings.l2());
        for (int k = 0; k < classes; k++) {
          if (logits[k] < NEGLIGIBLE && data.y()[row] != k) {
            continue; // a class the example leaves at ~0 has a ~0 gradient: most of 77, later on
          }
          float g = (float) (lr * (logits[k] - (data.y()[row] == k ? 1 : 0)));
          float gd = (float) (g * settings.denseRate());
          float[] wk = w.dense[k];
          for (int d = 0; d < dense; d++) {
            wk[d] = wk[d] * shrink - gd * x[d];
          }
          float[] sk = w.sparse[k];
          int[] index = s.index();
          float[] value = s.value();
          for (int j = 0; j < index.length; j++) {
            sk[index[j]] = sk[index[j]] * shrink - g * value[j];
          }
          w.bias[k] -= g;
        }
      }
    }
    return w;
  }

  /** Turns logits into probabilities in place, stable against large values. */
  static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < z.length; i++) {
      z[i] /= sum;
    }
  }

  /** The fitted weights: one dense row, one sparse row and a bias per class. */
  static final class Weights {
    final float[][] dense;
    final float[][] sparse;
    final float[] bias;

    Weights(int classes, int denseDims, int sparseDims) {
      this(new float[classes][denseDims], new float[classes][sparseDims], new float[classes]);
    }

    Weights(float[][] dense, float[][] sparse, float[] bias) {
      this.dense = dense;
      this.sparse = sparse;
      this.bias = bias;
    }

    void logits(float[] x, LexicalFeatures.Sparse s, double[] out) {
      int[] index = s.index();
      float[] value = s.value();
      for (int k = 0; k < bias.length; k++) {
        float[] wk = dense[k];
        double z = bias[k];
        for (int d = 0; d < x.length; d++) {
          z += wk[d] * x[d];
        }
        float[] sk = sparse[k];
        for (int j = 0; j < index.length; j++) {
          z += sk[index[j]] * value[j];
        }
        out[k] = z;
      }
    }
  }
}
