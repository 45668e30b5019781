package dev.agentfleet.workflows.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts JSON-shaped Java values into the value types CEL evaluates (long, double, ...). */
final class CelValues {

  private CelValues() {}

  static Map<String, Object> normalizeMap(Map<String, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (key, value) -> {
          Object normalized = normalize(value);
          if (normalized != null) {
            out.put(key, normalized);
          }
        });
    return out;
  }

  private static Object normalize(Object value) {
    return switch (value) {
      case null -> null;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigDecimal d -> d.doubleValue();
      case Map<?, ?> m -> normalizeNested(m);
      case List<?> l -> normalizeList(l);
      default -> value;
    };
  }

  private static Map<String, Object> normalizeNested(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (key, value) -> {
          Object normalized = normalize(value);
          if (normalized != null) {
            out.put(String.valueOf(key), normalized);
          }
        });
    return out;
  }

  private static List<Object> normalizeList(List<?> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (Object item : list) {
      Object normalized = normalize(item);
      if (normalized != null) {
        out.add(normalized);
      }
    }
    return out;
  }
}
