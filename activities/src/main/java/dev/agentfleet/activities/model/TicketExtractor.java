package dev.agentfleet.activities.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the usual support-ticket fields out of free text with patterns, for the offline provider:
 * order ids, money amounts with their currency, urgency, a one-sentence summary and the customer's
 * name. Every method returns empty rather than guess when the text says nothing.
 *
 * <p>A currency symbol or word that several currencies share is not guessed: a bare {@code $} (US,
 * Canadian, Australian, ... dollars), {@code ¥} (yen or yuan), {@code kr} (Swedish, Norwegian,
 * Danish, Icelandic krona), "dollars", "rupees" and "francs" give an amount without a currency,
 * unless the text states the same amount with an unambiguous code or symbol as well ("¥45 ... 45
 * CNY"). An amount without a currency goes to a person.
 */
final class TicketExtractor {

  /** An amount of money in an ISO 4217 currency; null when the text's symbol is ambiguous. */
  record Money(BigDecimal amount, String currency) {}

  /** What {@link #CURRENCY_OF} maps a symbol or word to when several currencies share it. */
  private static final String AMBIGUOUS = "?";

  private static final String NUMBER =
      "(\\d+(?:[.,' \\u00A0\\u202F]\\d{3})*(?:[.,]\\d{1,2})?)(?![\\d.,]*\\d)";
  private static final String CODES =
      "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|BRL|MXN|ZAR|RUB|KRW|SGD|HKD|TRY"
          + "|KWD|BHD|OMR|JOD|AED|SAR|QAR|ILS|THB|TWD|ISK";
  private static final String SYMBOLS = "US\\$|CA\\$|C\\$|AU\\$|A\\$|R\\$|\\$|€|£|¥|₹|₽|₩";
  private static final String WORDS =
      "dollars?|bucks|euros?|pounds?|quid|yen|yuan|rmb|rupees?|francs?|zł|złotych|kr\\b|"
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
          Map.entry("$", AMBIGUOUS),
          Map.entry("dollar", AMBIGUOUS),
          Map.entry("buck", AMBIGUOUS),
          Map.entry("доллар", AMBIGUOUS),
          Map.entry("달러", AMBIGUOUS),
          Map.entry("ドル", AMBIGUOUS),
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
          Map.entry("¥", AMBIGUOUS),
          Map.entry("yen", "JPY"),
          Map.entry("円", "JPY"),
          Map.entry("yuan", "CNY"),
          Map.entry("rmb", "CNY"),
          Map.entry("元", "CNY"),
          Map.entry("₹", "INR"),
          Map.entry("rupee", AMBIGUOUS),
          Map.entry("franc", AMBIGUOUS),
          Map.entry("zł", "PLN"),
          Map.entry("złotych", "PLN"),
          Map.entry("₽", "RUB"),
          Map.entry("руб", "RUB"),
          Map.entry("₩", "KRW"),
          Map.entry("원", "KRW"),
          Map.entry("kr", AMBIGUOUS));

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

  /**
   * The first amount of money in the text that names its currency by symbol, code or word. When
   * that symbol is ambiguous, the currency is the one the text states for the same amount
   * elsewhere, or null.
   */
  static Optional<Money> money(String text) {
    List<Money> found = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher prefix = MONEY_PREFIX.matcher(text);
    while (prefix.find()) {
      add(found, starts, prefix.start(), prefix.group(2), prefix.group(1));
    }
    Matcher suffix = MONEY_SUFFIX.matcher(text);
    while (suffix.find()) {
      add(found, starts, suffix.start(), suffix.group(1), suffix.group(2));
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    int first = 0;
    for (int i = 1; i < found.size(); i++) {
      if (starts.get(i) < starts.get(first)) {
        first = i;
      }
    }
    Money money = found.get(first);
    if (money.currency() != null) {
      return Optional.of(money);
    }
    return found.stream()
        .filter(m -> m.currency() != null && m.amount().compareTo(money.amount()) == 0)
        .findFirst()
        .or(() -> Optional.of(money));
  }

  private static void add(
      List<Money> found, List<Integer> starts, int start, String number, String currency) {
    found.add(new Money(parseNumber(number), currencyOf(currency)));
    starts.add(start);
  }

  /**
   * The currency of the first amount, or the first currency the text mentions at all; empty when
   * the amount's currency is ambiguous or the text names none.
   */
  static Optional<String> currency(String text) {
    Optional<Money> money = money(text);
    if (money.isPresent()) {
      return Optional.ofNullable(money.get().currency());
    }
    Matcher m = CURRENCY_ALONE.matcher(text);
    return m.find() ? Optional.ofNullable(currencyOf(m.group(1))) : Optional.empty();
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
        return known(CURRENCY_OF.get(candidate));
      }
    }
    for (Map.Entry<String, String> entry : CURRENCY_OF.entrySet()) {
      if (entry.getKey().length() > 2 && key.startsWith(entry.getKey())) {
        return known(entry.getValue());
      }
    }
    return null;
  }

  /** The code, or null for a symbol several currencies share. */
  private static String known(String code) {
    return AMBIGUOUS.equals(code) ? null : code;
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
