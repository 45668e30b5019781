package dev.agentfleet.activities.model.classify;

import java.util.Random;

/**
 * One plausible typo in a normalised text, for training the n-gram weights on misspellings: in a
 * word of four letters or more (longer words more likely), two neighbouring letters swapped, one
 * dropped or one doubled.
 */
final class Typos {

  private Typos() {}

  static String one(String normalised, Random random) {
    String[] words = normalised.split(" ");
    int letters = 0;
    for (String word : words) {
      letters += word.length() >= 4 ? word.length() : 0;
    }
    if (letters == 0) {
      return normalised;
    }
    int pick = random.nextInt(letters);
    int index = 0;
    for (int i = 0; i < words.length; i++) {
      if (words[i].length() >= 4) {
        if (pick < words[i].length()) {
          index = i;
          break;
        }
        pick -= words[i].length();
      }
    }
    char[] word = words[index].toCharArray();
    int at = 1 + random.nextInt(word.length - 2);
    String changed =
        switch (random.nextInt(4)) {
          case 0, 1 -> {
            char swap = word[at];
            word[at] = word[at - 1];
            word[at - 1] = swap;
            yield new String(word);
          }
          case 2 -> words[index].substring(0, at) + words[index].substring(at + 1);
          default -> words[index].substring(0, at) + word[at] + words[index].substring(at);
        };
    words[index] = changed;
    return String.join(" ", words);
  }
}
