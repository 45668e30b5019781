package dev.agentfleet.activities.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the usual support-ticket fields out of free text with patterns, for the offline provider:
 * order ids, money amounts with their currency, urgency, a one-sentence summary and the customer's
 * name. Every method returns empty rather than guess when the text says nothing.
 */
final class TicketExtractor {

  /** An amount of money in an ISO 4217 currency. */
  record Money(BigDecimal amount, String currency) {}

  private static final String NUMBER =
      "(\\d+(?:[.,' \\u00A0\\u202F]\\d{3})*(?:[.,]\\d{1,2})?)(?![\\d.,]*\\d)";
  private static final String CODES =
      "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|BRL|MXN|ZAR|RUB|KRW|SGD|HKD|TRY";
  private static final String SYMBOLS = "US\\$|CA\\$|C\\$|AU\\$|A\\$|R\\$|\\$|€|£|¥|₹|₽|₩";
  private static final String WORDS =
      "dollars?|bucks|euros?|pounds?|quid|yen|yuan|rmb|rupees?|francs?|zł|złotych|"
          + "руб\\w*|евро|доллар\\w*|유로|달러|원|ユーロ|ドル|円|欧元|美元|元";
  private static final Pattern MONEY_PREFIX =
      Pattern.compile("(?iU)(" + SYMBOLS + "|\\b(?:" + CODES + ")\\b)\\s?" + NUMBER);
  private static final Pattern MONEY_SUFFIX =
      Pattern.compile(
          "(?iU)" + NUMBER + "\\s?(" + SYMBOLS + "|(?:" + CODES + ")\\b|(?:" + WORDS + "))");
  private static final Pattern CURRENCY_ALONE =
      Pattern.compile("(?iU)(" + SYMBOLS + "|\\b(?:" + CODES + ")\\b|\\b(?:" + WORDS + ")\\b)");
  private static final Map<String, String> CURRENCY_OF =
      Map.ofEntries(
          Map.entry("us$", "USD"),
          Map.entry("$", "USD"),
          Map.entry("dollar", "USD"),
          Map.entry("buck", "USD"),
          Map.entry("доллар", "USD"),
          Map.entry("달러", "USD"),
          Map.entry("ドル", "USD"),
          Map.entry("美元", "USD"),
          Map.entry("ca$", "CAD"),
          Map.entry("c$", "CAD"),
          Map.entry("au$", "AUD"),
          Map.entry("a$", "AUD"),
          Map.entry("r$", "BRL"),
          Map.entry("€", "EUR"),
          Map.entry("euro", "EUR"),
          Map.entry("евро", "EUR"),
          Map.entry("유로", "EUR"),
          Map.entry("ユーロ", "EUR"),
          Map.entry("欧元", "EUR"),
          Map.entry("£", "GBP"),
          Map.entry("pound", "GBP"),
          Map.entry("quid", "GBP"),
          Map.entry("¥", "JPY"),
          Map.entry("yen", "JPY"),
          Map.entry("円", "JPY"),
          Map.entry("yuan", "CNY"),
          Map.entry("rmb", "CNY"),
          Map.entry("元", "CNY"),
          Map.entry("₹", "INR"),
          Map.entry("rupee", "INR"),
          Map.entry("franc", "CHF"),
          Map.entry("zł", "PLN"),
          Map.entry("złotych", "PLN"),
          Map.entry("₽", "RUB"),
          Map.entry("руб", "RUB"),
          Map.entry("₩", "KRW"),
          Map.entry("원", "KRW"));

  private static final Pattern ORDER_AFTER_WORD =
      Pattern.compile(
          "(?iU)(?:order|bestellung|bestellnummer|commande|pedido|ordine|zamówienie|заказ"
              + "|注文番号|注文|订单号|订单|주문번호|주문)"
              + "(?:\\s*(?:#|no\\.?|nr\\.?|number|num|id|is|was|:|番号|号|번호|номер|№))*\\s*"
              + "([A-Z]{1,5}[-_]?\\d{3,}[A-Z0-9-]*|\\d{3,}[A-Z0-9-]*)");
  private static final Pattern ORDER_CODE =
      Pattern.compile("\\b(ORD[-_]?\\d{3,}|[A-Z]{1,4}-\\d{4,})\\b");
  private static final Pattern ORDER_HASH = Pattern.compile("#\\s?([A-Z]{0,4}-?\\d{3,})\\b");

  private static final Pattern LOW_URGENCY =
      Pattern.compile(
          "(?iU)no rush|no hurry|not urgent|whenever|when you (?:have|get) (?:a )?(?:chance|time)"
              + "|low priority|just (?:wondering|curious)|nicht dringend|pas urgent|sin prisa"
              + "|не срочно|急ぎません|不急");
  private static final Pattern HIGH_URGENCY =
      Pattern.compile(
          "(?iU)\\b(?:urgent\\w*|asap|immediately|right (?:away|now)|as soon as possible|today"
              + "|tonight|emergency|critical|furious|angry|unacceptable|outraged|lawyer|chargeback"
              + "|dringend|sofort|eilig|urgente\\w*|inmediat\\w*|immédiatement|tout de suite"
              + "|subito|срочно|немедленно)\\b|至急|緊急|急いで|すぐに|紧急|马上|立即|긴급|급해|당장"
              + "|!!!|😡|🤬|😠");

  private static final Pattern SENTENCE_END =
      Pattern.compile(
          "(?U)(?<!\\b(?:Nr|No|Mr|Mrs|Ms|Dr|St|vs|e\\.g|i\\.e|z\\.B)\\.)(?<=[.!?])\\s+(?=[\\p{Lu}\\p{Lo}])"
              + "|[。！？]|\\R");
  private static final Pattern GREETING =
      Pattern.compile(
          "(?iU)^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|bonjour|hola"
              + "|привет|здравствуйте|こんにちは|您好|你好|안녕하세요)\\b.{0,30}$");
  private static final Pattern SIGN_OFF =
      Pattern.compile(
          "(?iU)(?:^|\\n)\\s*(?:thanks|thank you|many thanks|regards|best regards|kind regards"
              + "|best wishes|best|cheers|sincerely|yours|mit freundlichen grüßen|viele grüße"
              + "|grüße|cordialement|merci|saludos|atentamente|gracias|grazie|cordiali saluti"
              + "|с уважением|спасибо)[ \\t,.!]*(?:\\n\\s*|[ \\t]+)([^\\n,]{2,40}?)\\s*$");
  private static final Pattern DASH_NAME =
      Pattern.compile("(?U)\\n\\s*(?:—|--|-)\\s*([^\\n]{2,40})\\s*$");
  private static final Pattern MY_NAME =
      Pattern.compile("(?U)\\b(?i:my name is|i am|i'm)\\s+(\\p{Lu}\\p{L}+(?:\\s\\p{Lu}\\p{L}+)?)");
  private static final Pattern PERSON_NAME =
      Pattern.compile("(?U)[\\p{Lu}\\p{Lo}][\\p{L}'.-]*(?:\\s[\\p{Lu}\\p{Lo}][\\p{L}'.-]*){0,3}");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");

  private TicketExtractor() {}

  /** The first order id in the text: after the word order, an ORD- code, or a #number. */
  static Optional<String> orderId(String text) {
    for (Pattern pattern : new Pattern[] {ORDER_AFTER_WORD, ORDER_CODE, ORDER_HASH}) {
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return Optional.of(m.group(1).toUpperCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  /** The first amount of money in the text that names its currency by symbol, code or word. */
  static Optional<Money> money(String text) {
    Matcher prefix = MONEY_PREFIX.matcher(text);
    Matcher suffix = MONEY_SUFFIX.matcher(text);
    boolean hasPrefix = prefix.find();
    boolean hasSuffix = suffix.find();
    if (hasPrefix && (!hasSuffix || prefix.start() <= suffix.start())) {
      return Optional.of(new Money(parseNumber(prefix.group(2)), currencyOf(prefix.group(1))));
    }
    if (hasSuffix) {
      return Optional.of(new Money(parseNumber(suffix.group(1)), currencyOf(suffix.group(2))));
    }
    return Optional.empty();
  }

  /** The currency of the first amount, or the first currency the text mentions at all. */
  static Optional<String> currency(String text) {
    Optional<Money> money = money(text);
    if (money.isPresent()) {
      return Optional.of(money.get().currency());
    }
    Matcher m = CURRENCY_ALONE.matcher(text);
    return m.find() ? Optional.of(currencyOf(m.group(1))) : Optional.empty();
  }

  /** {@code high}, {@code low} or {@code normal}, from urgent or relaxed wording and emoji. */
  static String urgency(String text) {
    String withoutLow = LOW_URGENCY.matcher(text).replaceAll(" ");
    if (HIGH_URGENCY.matcher(withoutLow).find()) {
      return "high";
    }
    return withoutLow.length() != text.length() ? "low" : "normal";
  }

  /** The first sentence that is not a greeting, at most {@code maxChars} characters. */
  static String summary(String text, int maxChars) {
    String first = "";
    for (String part : SENTENCE_END.split(text.strip())) {
      String sentence = part.strip();
      if (!sentence.isEmpty() && !GREETING.matcher(sentence).matches()) {
        first = sentence;
        break;
      }
    }
    if (first.length() <= maxChars) {
      return first;
    }
    int cut = first.lastIndexOf(' ', maxChars - 1);
    return first.substring(0, cut > maxChars / 2 ? cut : maxChars - 1).strip() + "…";
  }

  /** The customer's name from a sign-off, a self-introduction, or the local part of an email. */
  static Optional<String> customer(String text, String emailHint) {
    String body = text.strip();
    for (Pattern pattern : new Pattern[] {SIGN_OFF, DASH_NAME, MY_NAME}) {
      Matcher m = pattern.matcher(body);
      if (m.find() && PERSON_NAME.matcher(m.group(1).strip()).matches()) {
        return Optional.of(m.group(1).strip());
      }
    }
    String email =
        emailHint != null && emailHint.contains("@") ? emailHint : email(text).orElse(null);
    return email == null ? Optional.empty() : nameFromEmail(email);
  }

  /** The first email address in the text. */
  static Optional<String> email(String text) {
    Matcher m = EMAIL.matcher(text);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  private static Optional<String> nameFromEmail(String email) {
    Matcher m = EMAIL.matcher(email);
    String address = m.find() ? m.group() : email;
    StringBuilder name = new StringBuilder();
    for (String part : address.substring(0, address.indexOf('@')).split("[._+-]")) {
      String letters = part.replaceAll("\\d", "");
      if (letters.length() > 1) {
        name.append(name.isEmpty() ? "" : " ")
            .append(letters.substring(0, 1).toUpperCase(Locale.ROOT))
            .append(letters.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return name.isEmpty() ? Optional.empty() : Optional.of(name.toString());
  }

  private static String currencyOf(String token) {
    String key = token.strip().toLowerCase(Locale.ROOT);
    if (key.length() == 3 && CODES.contains(key.toUpperCase(Locale.ROOT))) {
      return key.toUpperCase(Locale.ROOT);
    }
    String singular =
        key.endsWith("s") && key.length() > 3 ? key.substring(0, key.length() - 1) : key;
    for (String candidate : new String[] {key, singular}) {
      if (CURRENCY_OF.containsKey(candidate)) {
        return CURRENCY_OF.get(candidate);
      }
    }
    for (Map.Entry<String, String> entry : CURRENCY_OF.entrySet()) {
      if (entry.getKey().length() > 2 && key.startsWith(entry.getKey())) {
        return entry.getValue();
      }
    }
    return "USD";
  }

  /**
   * Reads 1,234.56 / 1.234,56 / 1 234,56 / 42,50 / 4,500 / 42.5 the way people write them: a lone
   * separator before exactly three digits groups thousands, since prices have two decimals.
   */
  static BigDecimal parseNumber(String raw) {
    String digits = raw.replaceAll("['\\s\\u00A0\\u202F]", "");
    int lastDot = digits.lastIndexOf('.');
    int lastComma = digits.lastIndexOf(',');
    char decimal;
    if (lastDot >= 0 && lastComma >= 0) {
      decimal = lastDot > lastComma ? '.' : ',';
    } else if (lastDot >= 0 || lastComma >= 0) {
      int last = Math.max(lastDot, lastComma);
      char separator = digits.charAt(last);
      boolean thousands = digits.length() - last - 1 == 3 || digits.indexOf(separator) != last;
      decimal = thousands ? (separator == '.' ? ',' : '.') : separator;
    } else {
      decimal = '.';
    }
    String thousandsSeparator = decimal == '.' ? "," : ".";
    String normalized = digits.replace(thousandsSeparator, "").replace(decimal, '.');
    return new BigDecimal(normalized);
  }
}
