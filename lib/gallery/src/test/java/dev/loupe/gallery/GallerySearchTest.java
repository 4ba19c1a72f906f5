package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Titles to tokens, queries to words, and stream images to galleries: no DynamoDB needed. */
class GallerySearchTest {

    @Test
    void wordsAreLowercasedStrippedOfAccentsAndSplitOnAnythingButLettersAndDigits() {
        assertThat(GallerySearch.words("Crème Brûlée: ÉTÉ 2024 -- São_Paulo!"))
                .containsExactly("creme", "brulee", "ete", "2024", "sao", "paulo");
        // Compatibility forms fold too (NFKD): the ligature and the full-width letters are plain letters.
        assertThat(GallerySearch.words("ﬁre ＡＢＣ")).containsExactly("fire", "abc");
        // Letters of other scripts stay words; a repeated word counts once.
        assertThat(GallerySearch.words("Москва москва 東京")).containsExactly("москва", "東京");
        assertThat(GallerySearch.words("  ... ")).isEmpty();
        assertThat(GallerySearch.words(null)).isEmpty();
    }

    @Test
    void tokensAreEveryPrefixOfTwoToTwentyCharacters() {
        assertThat(GallerySearch.tokens("Café au lait")).containsExactly("ca", "caf", "cafe", "au", "la", "lai",
                "lait");
        // A one-letter word has no token; "a" alone finds nothing.
        assertThat(GallerySearch.tokens("a b c")).isEmpty();

        String longWord = "abcdefghijklmnopqrstuvwxyz";
        List<String> tokens = GallerySearch.tokens(longWord);
        assertThat(tokens).hasSize(19).first().isEqualTo("ab");
        assertThat(tokens.getLast()).isEqualTo("abcdefghijklmnopqrst").hasSize(GallerySearch.MAX_TOKEN_LENGTH);

        // Prefixes count characters, not UTF-16 units: a letter outside the BMP is never cut in half.
        String gothic = "\uD800\uDF30\uD800\uDF31\uD800\uDF32";
        assertThat(GallerySearch.tokens(gothic)).containsExactly("\uD800\uDF30\uD800\uDF31", gothic);
    }

    @Test
    void aGalleryHasAtMostTheCappedNumberOfDistinctTokens() {
        // 20 distinct words of 20 letters: 19 tokens each, 380 in all, capped in title order.
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            title.append((char) ('a' + i)).append("bcdefghijklmnopqrst".substring(0, 19)).append(' ');
        }
        List<String> tokens = GallerySearch.tokens(title.toString());
        assertThat(tokens).hasSize(GallerySearch.MAX_TOKENS).doesNotHaveDuplicates();
        assertThat(tokens.getFirst()).isEqualTo("ab");
        // The first words are indexed whole, the last ones not at all.
        assertThat(tokens).contains("abcdefghijklmnopqrst").noneMatch(t -> t.startsWith("t"));
        // Shared prefixes count once: the same word twice adds nothing.
        assertThat(GallerySearch.tokens("sunset sunset sunsets")).containsExactly("su", "sun", "suns", "sunse",
                "sunset", "sunsets");
    }

    @Test
    void aQueryMatchesTitlesWithEveryQueryWordAsTheBeginningOfAWord() {
        List<String> title = GallerySearch.words("Sunset over the Baltic Sea");
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("sun bal"))).isTrue();
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("SÚN, Baltic"))).isTrue();
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("sun north"))).isFalse();
        // Inside a word is not the beginning of one.
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("unset"))).isFalse();
        // A one-letter word does not look anything up, but it still has to match.
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("sunset o"))).isTrue();
        assertThat(GallerySearch.matches(title, GallerySearch.queryWords("sunset x"))).isFalse();
    }

    @Test
    void aQueryNeedsOneToAHundredCharactersWithAWordOfTwo() {
        for (String bad : new String[]{null, "", "   ", "a", "a b c", "!!", "x".repeat(101)}) {
            assertThatThrownBy(() -> GallerySearch.queryWords(bad)).as("q=%s", bad)
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("bad_parameter_q");
                    });
        }
        assertThat(GallerySearch.queryWords("x".repeat(100))).containsExactly("x".repeat(100));
        assertThat(GallerySearch.queryWords("a bc")).containsExactly("a", "bc");
    }

    @Test
    void streamImagesDecodeWithTheTableSchemaAndOnlyGalleryItemsCount() {
        Gallery gallery = new Gallery("p1", "trip", "Trip", Optional.empty(), Optional.empty(), Optional.of("h"),
                Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_100), 7, List.of("i1"),
                Gallery.Details.DEFAULTS, 0);
        Map<String, AttributeValue> image = GalleryStore.SCHEMA.itemToMap(toItemViaStore(gallery), true);
        Gallery decoded = GalleryStore.decode(image).orElseThrow();
        assertThat(decoded.name()).isEqualTo("trip");
        assertThat(decoded.title()).isEqualTo("Trip");
        assertThat(decoded.version()).isEqualTo(7);
        assertThat(decoded.isListed()).isTrue();
        assertThat(decoded.added()).isEqualTo(gallery.added());

        assertThat(GalleryStore.decode(Map.of("pk", AttributeValue.fromS("P#p1#G#trip"),
                "sk", AttributeValue.fromS("VIEWS")))).isEmpty();
        assertThat(GalleryStore.decode(Map.of())).isEmpty();
        assertThat(GalleryKeys.wordPk("p1", "tr")).isEqualTo("P#p1#GW#tr");
        assertThat(GalleryKeys.wordSk(gallery)).isEqualTo("2023-11-14T22:13:20Z#trip");
    }

    private static GalleryStore.Item toItemViaStore(Gallery gallery) {
        return GalleryStore.toItem(gallery);
    }
}
