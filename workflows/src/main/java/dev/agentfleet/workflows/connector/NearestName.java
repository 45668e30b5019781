package dev.agentfleet.workflows.connector;

import java.util.Collection;
import java.util.Optional;

/** The known name a misspelt one most likely meant, for "did you mean ...?" hints. */
public final class NearestName {

  private NearestName() {}

  /**
   * The candidate closest to {@code name}: equal but for case, or at most two edits away (one for
   * names of up to three letters, three for names of eight or more); the first of equally close
   * ones.
   */
  public static Optional<String> of(String name, Collection<String> candidates) {
    if (name == null) {
      return Optional.empty();
    }
    int allowed = name.length() <= 3 ? 1 : name.length() >= 8 ? 3 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = candidate.equalsIgnoreCase(name) ? 0 : distance(candidate, name);
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The edit distance of two names, ignoring case: insertions, deletions, substitutions. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution =
            previous[j - 1]
                + (Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1))
                    ? 0
                    : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
