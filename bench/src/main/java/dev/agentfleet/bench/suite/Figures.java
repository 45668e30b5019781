package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.result.Numbers;
import java.util.Map;

/** Puts figures into a result with the precision they are worth. */
final class Figures {

  private Figures() {}

  static void ms(Map<String, Object> figures, String key, double millis) {
    figures.put(key, Numbers.round(millis, 2));
  }

  static void seconds(Map<String, Object> figures, String key, double seconds) {
    figures.put(key, Numbers.round(seconds, 3));
  }

  static double round(double value) {
    return Numbers.round(value, 3);
  }
}
