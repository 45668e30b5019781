package dev.agentfleet.activities.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plausible lead record made up from an email address that the sandbox CRM does not hold, the
 * same every time for the same address (its SHA-256 picks title, size and country), so a demo over
 * any list of addresses gets stable answers without seeding them.
 */
final class GeneratedLead {

  private static final List<String> TITLES =
      List.of(
          "Head of Operations",
          "CTO",
          "VP Sales",
          "Marketing Manager",
          "Founder",
          "IT Director",
          "Customer Success Lead",
          "Product Manager");
  private static final List<Long> EMPLOYEES = List.of(8L, 25L, 60L, 150L, 400L, 1200L, 5000L);
  private static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "NL", "ES", "CA");
  private static final Set<String> GENERIC_TLDS = Set.of("io", "ai", "co", "me", "tv", "app");
  private static final Set<String> MAIL_HOSTS = Set.of("www", "mail", "email", "mx");

  private GeneratedLead() {}

  /** The lead id a generated record has, and keeps once an update stores it. */
  static String idFor(String email) {
    return "lead_" + HexFormat.of().formatHex(sha256(email)).substring(0, 12);
  }

  /** The made-up record, with the columns of {@code sandbox_crm_leads} by their field names. */
  static Map<String, Object> of(String email) {
    byte[] hash = sha256(email);
    int at = email.indexOf('@');
    String local = at < 0 ? email : email.substring(0, at);
    String domain = at < 0 ? "" : email.substring(at + 1);
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("leadId", idFor(email));
    lead.put("email", email);
    lead.put("name", words(local.split("[._+-]+"), "Unknown Contact"));
    lead.put("company", company(domain));
    lead.put("title", pick(TITLES, hash[0]));
    lead.put("employees", pick(EMPLOYEES, hash[1]));
    lead.put("country", country(domain, hash[2]));
    lead.put("lastContact", null);
    lead.put("status", "new");
    lead.put("notes", null);
    return lead;
  }

  private static String company(String domain) {
    List<String> labels =
        Arrays.stream(domain.split("\\.")).filter(l -> !MAIL_HOSTS.contains(l)).toList();
    return labels.size() < 2 ? "Unknown Company" : words(labels.get(0).split("-"), "Unknown");
  }

  private static String country(String domain, byte b) {
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    if (tld.length() == 2
        && tld.chars().allMatch(Character::isLetter)
        && !GENERIC_TLDS.contains(tld)) {
      return "uk".equals(tld) ? "GB" : tld.toUpperCase(Locale.ROOT);
    }
    return pick(COUNTRIES, b);
  }

  private static String words(String[] parts, String fallback) {
    String joined =
        Arrays.stream(parts)
            .filter(p -> !p.isBlank() && p.chars().anyMatch(Character::isLetter))
            .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
            .collect(Collectors.joining(" "));
    return joined.isEmpty() ? fallback : joined;
  }

  private static <T> T pick(List<T> choices, byte b) {
    return choices.get(Byte.toUnsignedInt(b) % choices.size());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
