package dev.agentfleet.activities.model.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The lexical half of the classifier's features: hashed character and word n-grams of the
 * normalised text. Character n-grams still match a word with one letter swapped or a missing
 * apostrophe, where a sentence embedding of noisy text drifts; normalising first (lower case,
 * apostrophes dropped, other punctuation and runs of space made one space) makes clean and noisy
 * text of the same words identical. Hashing keeps the vector a fixed size without a vocabulary.
 */
public final class LexicalFeatures {

  /** The number of hashed dimensions. */
  public static final int DIMENSIONS = 1 << 16;

  private static final int MIN_CHARS = 3;
  private static final int MAX_CHARS = 5;

  private LexicalFeatures() {}

  /** Lower case, apostrophes dropped, other punctuation and whitespace runs made one space. */
  public static String normalise(String text) {
    if (text == null) {
      return "";
    }
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("['’`]", "")
        .replaceAll("[\\p{Punct}\\p{IsPunctuation}\\p{S}]", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /**
   * The hashed n-grams of already normalised text as a sparse vector of unit length: character
   * n-grams of 3 to 5 over the text padded with a space, word unigrams and bigrams; each count
   * damped to {@code 1 + ln(count)}.
   */
  public static Sparse of(String normalised) {
    TreeMap<Integer, Float> counts = new TreeMap<>();
    String padded = " " + normalised + " ";
    for (int n = MIN_CHARS; n <= MAX_CHARS; n++) {
      for (int i = 0; i + n <= padded.length(); i++) {
        add(counts, hash('c', padded, i, i + n));
      }
    }
    String[] words = normalised.isEmpty() ? new String[0] : normalised.split(" ");
    for (int i = 0; i < words.length; i++) {
      add(counts, hash('w', words[i], 0, words[i].length()));
      if (i + 1 < words.length) {
        String pair = words[i] + " " + words[i + 1];
        add(counts, hash('b', pair, 0, pair.length()));
      }
    }
    int[] index = new int[counts.size()];
    float[] value = new float[counts.size()];
    double norm = 0;
    int k = 0;
    for (var entry : counts.entrySet()) {
      index[k] = entry.getKey();
      value[k] = (float) (1 + Math.log(entry.getValue()));
      norm += value[k] * value[k];
      k++;
    }
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < value.length; i++) {
        value[i] *= scale;
      }
    }
    return new Sparse(index, value);
  }

  private static void add(TreeMap<Integer, Float> counts, int index) {
    counts.merge(index, 1f, Float::sum);
  }

  /** FNV-1a over a kind tag and the characters, folded into {@link #DIMENSIONS}. */
  private static int hash(char kind, String text, int from, int to) {
    long h = 0xcbf29ce484222325L;
    h = (h ^ kind) * 0x100000001b3L;
    for (int i = from; i < to; i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (int) ((h ^ (h >>> 29)) & (DIMENSIONS - 1));
  }

  /** A sparse vector: sorted distinct indexes and their values. */
  public record Sparse(int[] index, float[] value) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Sparse s
          && Arrays.equals(index, s.index)
          && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(index) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Sparse[" + index.length + " non-zero]";
    }
  }
}
