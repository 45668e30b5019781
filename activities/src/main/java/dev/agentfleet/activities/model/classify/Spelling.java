package dev.agentfleet.activities.model.classify;

import java.util.Map;

/**
 * Corrects words the examples never used to the most frequent example word one edit away (a letter
 * dropped, added, changed, or two neighbours swapped), so a typo in the word that carries the
 * meaning does not move the text's embedding somewhere else. Words the examples use, and words with
 * no such neighbour, are left alone; ties go to the alphabetically first word, so a text is always
 * corrected the same way.
 */
final class Spelling {

  private static final int MIN_LENGTH = 3;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

  private Spelling() {}

  static String correct(String normalised, Map<String, Integer> vocabulary) {
    if (vocabulary.isEmpty() || normalised.isEmpty()) {
      return normalised;
    }
    String[] words = normalised.split(" ");
    boolean changed = false;
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.length() >= MIN_LENGTH && !vocabulary.containsKey(word)) {
        String best = nearest(word, vocabulary);
        if (best != null) {
          words[i] = best;
          changed = true;
        }
      }
    }
    return changed ? String.join(" ", words) : normalised;
  }

  private static String nearest(String word, Map<String, Integer> vocabulary) {
    Best best = new Best(vocabulary);
    StringBuilder b = new StringBuilder(word);
    for (int i = 0; i < word.length(); i++) {
      best.offer(word.substring(0, i) + word.substring(i + 1));
      if (i + 1 < word.length()) {
        b.setCharAt(i, word.charAt(i + 1));
        b.setCharAt(i + 1, word.charAt(i));
        best.offer(b.toString());
        b.setCharAt(i, word.charAt(i));
        b.setCharAt(i + 1, word.charAt(i + 1));
      }
      for (int c = 0; c < LETTERS.length(); c++) {
        char letter = LETTERS.charAt(c);
        if (letter != word.charAt(i)) {
          best.offer(word.substring(0, i) + letter + word.substring(i + 1));
        }
      }
    }
    for (int i = 0; i <= word.length(); i++) {
      for (int c = 0; c < LETTERS.length(); c++) {
        best.offer(word.substring(0, i) + LETTERS.charAt(c) + word.substring(i));
      }
    }
    return best.word;
  }

  private static final class Best {
    private final Map<String, Integer> vocabulary;
    private String word;
    private int count;

    Best(Map<String, Integer> vocabulary) {
      this.vocabulary = vocabulary;
    }

    void offer(String candidate) {
      Integer seen = vocabulary.get(candidate);
      if (seen != null
          && (seen > count || (seen == count && word != null && candidate.compareTo(word) < 0))) {
        word = candidate;
        count = seen;
      }
    }
  }
}
