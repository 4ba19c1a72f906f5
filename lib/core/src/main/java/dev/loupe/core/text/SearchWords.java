package dev.loupe.core.text;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words of a text as Loupe's word-prefix searches see them (gallery titles, image file names), in one place so
 * that every index and every query normalizes alike: the text is decomposed (NFKD) with its accents dropped,
 * lowercased, and split on anything that is not a letter or a digit. A query word matches a text when it begins one
 * of the text's words; an index keeps each word's prefixes of {@value #MIN_TOKEN_LENGTH} to
 * {@value #MAX_TOKEN_LENGTH} characters as its tokens.
 */
public final class SearchWords {
    public static final int MIN_TOKEN_LENGTH = 2;
    public static final int MAX_TOKEN_LENGTH = 20;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchWords() {
    }

    /** The text's words, normalized (no accents, lowercase), distinct, in text order. */
    public static List<String> words(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        // NFKD again: lowercasing can make characters that decompose further (rare, but then they match too).
        String lower = Normalizer.normalize(plain.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        lower = MARKS.matcher(lower).replaceAll("");
        LinkedHashSet<String> words = new LinkedHashSet<>();
        for (String word : SEPARATORS.split(lower)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return List.copyOf(words);
    }

    /**
     * The index tokens of a text: each word's prefixes of 2 to 20 characters, distinct, in text order, at most
     * {@code maxTokens} (words past the cap are not found).
     */
    public static List<String> tokens(String text, int maxTokens) {
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        for (String word : words(text)) {
            for (int n = MIN_TOKEN_LENGTH; n <= Math.min(MAX_TOKEN_LENGTH, length(word)); n++) {
                tokens.add(prefix(word, n));
                if (tokens.size() == maxTokens) {
                    return List.copyOf(tokens);
                }
            }
        }
        return List.copyOf(tokens);
    }

    /** The token a query word is looked up by: the word itself, or its first 20 characters. */
    public static String token(String queryWord) {
        return prefix(queryWord, Math.min(MAX_TOKEN_LENGTH, length(queryWord)));
    }

    /** Every query word begins some word of the text (a one-letter query word too: it only filters). */
    public static boolean matches(List<String> textWords, List<String> queryWords) {
        return queryWords.stream().allMatch(q -> textWords.stream().anyMatch(w -> w.startsWith(q)));
    }

    /** The first {@code n} characters (code points: a letter outside the BMP is never cut in half). */
    public static String prefix(String word, int n) {
        return word.substring(0, word.offsetByCodePoints(0, n));
    }

    /** Length in code points. */
    public static int length(String word) {
        return word.codePointCount(0, word.length());
    }
}
