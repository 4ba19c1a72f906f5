package dev.loupe.core.http;

import java.util.Optional;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.core.dynamo.StarRatings;

/**
 * The answer of the rating routes (galleries and images alike): the target's average ({@code rating}, two decimals,
 * null when no one rated it), how many rated it ({@code rating_count}), and the caller's own {@code stars} (null
 * after a removal).
 */
@JacksonXmlRootElement(localName = "rating")
public record RatingAnswer(Double rating, long ratingCount, Integer stars) {
    public static RatingAnswer of(StarRatings.Tally tally, Optional<Integer> stars) {
        return new RatingAnswer(tally.average().orElse(null), tally.count(), stars.orElse(null));
    }
}
