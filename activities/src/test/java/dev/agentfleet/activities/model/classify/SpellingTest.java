package dev.agentfleet.activities.model.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpellingTest {

  private static final Map<String, Integer> WORDS =
      Map.of("my", 50, "card", 40, "requested", 3, "refund", 9, "transfer", 7, "atm", 5, "cart", 1);

  @Test
  void a_word_the_examples_never_used_becomes_the_most_frequent_one_edit_away() {
    assertThat(Spelling.correct("i requetsed a refnud", WORDS)).isEqualTo("i requested a refund");
    assertThat(Spelling.correct("my crad", WORDS)).isEqualTo("my card");
    assertThat(Spelling.correct("atmm took my card", WORDS)).isEqualTo("atm took my card");
    assertThat(Spelling.correct("transfe", WORDS)).isEqualTo("transfer");
  }

  @Test
  void known_words_short_words_and_words_far_from_any_example_stay() {
    assertThat(Spelling.correct("cart", WORDS)).isEqualTo("cart");
    assertThat(Spelling.correct("my xy card", WORDS)).isEqualTo("my xy card");
    assertThat(Spelling.correct("blockchain", WORDS)).isEqualTo("blockchain");
  }

  @Test
  void normalised_text_then_correction_makes_a_noisy_copy_read_like_the_clean_one() {
    String clean = LexicalFeatures.normalise("I requested a refund, where's my card?");
    String noisy =
        Spelling.correct(LexicalFeatures.normalise("i requetsed a refund wheres my crad"), WORDS);

    assertThat(noisy).isEqualTo(clean);
  }
}
