package dev.loupe.gallery;

import static dev.loupe.gallery.GalleryKeys.TOP_INDEX;
import static dev.loupe.gallery.GalleryKeys.galleryKeyMap;
import static dev.loupe.gallery.GalleryKeys.ratingKeyMap;
import static dev.loupe.gallery.GalleryKeys.tallyKeyMap;
import static dev.loupe.gallery.GalleryKeys.topPk;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.dynamo.StarRatings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Galleries' ratings in the galleries table (keys: {@link GalleryKeys}): one user's rating and the gallery's tally
 * move together ({@link StarRatings}), conditional on the gallery's version, so the tally's place in the top-rated
 * index always follows the gallery's listing.
 *
 * <p><b>How the top-rated list ranks.</b> By a Bayesian average ({@link #score}): the ratings' sum plus
 * {@link #PRIOR_WEIGHT} ratings of {@link #PRIOR_MEAN} stars, over the count plus {@link #PRIOR_WEIGHT}. A gallery
 * with one 5-star rating (3.33) ranks below one with twenty ratings averaging 4.5 (4.26): few ratings say little, so
 * they are pulled towards the middle of the scale, and many outweigh the prior. Galleries without ratings are not in
 * the list. The score is a number on the tally item, the index's sort key; an expression can't divide, so it is set
 * right after each rating commits, conditional on the tally it was computed from ({@link #rescore}): of racing
 * raters, the last to commit writes the last score. A rating whose function dies between the two writes leaves the
 * previous score until the next rating of that gallery.
 */
public final class GalleryRatings {
    static final double PRIOR_MEAN = 3.0;
    static final int PRIOR_WEIGHT = 5;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final StarRatings ratings;
    private final Clock clock;

    public GalleryRatings(DynamoDbClient dynamo, String tableName, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.ratings = new StarRatings(dynamo);
        this.clock = clock;
    }

    /** The Bayesian average the top-rated list sorts by (see the class comment); six decimals. */
    static double score(StarRatings.Tally tally) {
        double score = (PRIOR_MEAN * PRIOR_WEIGHT + tally.sum()) / (PRIOR_WEIGHT + tally.count());
        return Math.round(score * 1_000_000) / 1_000_000.0;
    }

    /** The user's stars for this gallery, if they rated it. */
    public Optional<Integer> stars(Gallery gallery, String userId) {
        return ratings.stars(tableName, ratingKeyMap(gallery, userId));
    }

    /** One attempt to set the user's stars (not committed: the gallery or the rating changed; read again). */
    boolean trySet(Gallery gallery, String userId, int stars) {
        return ratings.trySet(target(gallery, userId), stars).committed();
    }

    /** One attempt to remove the user's rating, as {@link #trySet}. */
    boolean tryRemove(Gallery gallery, String userId) {
        return ratings.tryRemove(target(gallery, userId)).committed();
    }

    /**
     * The gallery's tally now, with the top-rated score brought up to date when the gallery is listed: the score is
     * written only if the tally is still the one read (a later rater writes its own).
     */
    StarRatings.Tally rescore(Gallery gallery) {
        Map<String, AttributeValue> key = tallyKeyMap(gallery.projectId(), gallery.name());
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(tableName).key(key).consistentRead(true))
                .item();
        StarRatings.Tally tally = StarRatings.Tally.of(item);
        if (item == null || item.isEmpty()) {
            return tally;
        }
        String change = tally.count() > 0 ? "SET top_score = :score" : "REMOVE top_score";
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(
                ":sum", AttributeValue.fromN(Long.toString(tally.sum())),
                ":count", AttributeValue.fromN(Long.toString(tally.count()))));
        if (tally.count() > 0) {
            values.put(":score", AttributeValue.fromN(Double.toString(score(tally))));
        }
        try {
            dynamo.updateItem(u -> u.tableName(tableName).key(key).updateExpression(change)
                    .conditionExpression("rating_sum = :sum AND rating_count = :count")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException later) {
            // Another rating committed after this read: its own rescore writes the newer score.
        }
        return tally;
    }

    /** A page of the project's top-rated listed galleries' names, best first, and where the next page starts. */
    public record TopPage(List<Rated> galleries, Optional<String> next) {
    }

    /** A gallery's name in the index and the tally stored with it. */
    public record Rated(String name, StarRatings.Tally tally) {
    }

    /**
     * The names on one page of the {@code top-rated} index ({@code limit} at a time, from the {@code next} of the
     * previous page: {@code <score>#<name>}). One query per page, never a scan.
     */
    TopPage topRated(String projectId, Optional<String> after, int limit) {
        Map<String, AttributeValue> values = Map.of(":p", AttributeValue.fromS(topPk(projectId)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).indexName(TOP_INDEX)
                .keyConditionExpression("top_pk = :p").expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit);
        after.ifPresent(cursor -> {
            int split = cursor.indexOf('#');
            if (split < 1) {
                throw new IllegalArgumentException("not a top-rated cursor");
            }
            String score = cursor.substring(0, split);
            String name = cursor.substring(split + 1);
            Double.parseDouble(score);
            Map<String, AttributeValue> start = new java.util.HashMap<>(tallyKeyMap(projectId, name));
            start.put("top_pk", values.get(":p"));
            start.put("top_score", AttributeValue.fromN(score));
            query.exclusiveStartKey(start);
        });
        QueryResponse rows = dynamo.query(query.build());
        List<Rated> rated = rows.items().stream()
                .map(item -> new Rated(item.get("name").s(), StarRatings.Tally.of(item))).toList();
        boolean more = rows.hasLastEvaluatedKey() && !rows.lastEvaluatedKey().isEmpty();
        return new TopPage(rated, more ? Optional.of(rows.lastEvaluatedKey().get("top_score").n() + "#"
                + rated.getLast().name()) : Optional.empty());
    }

    /**
     * The transaction's parts beyond the user's rating and the tally: the gallery must still be this version, and
     * the tally enters (or leaves) the top-rated index as the gallery is listed or not.
     */
    private StarRatings.Target target(Gallery gallery, String userId) {
        TransactWriteItem sameGallery = TransactWriteItem.builder().conditionCheck(c -> c.tableName(tableName)
                .key(galleryKeyMap(gallery.projectId(), gallery.name())).conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(gallery.version())))))
                .build();
        return new StarRatings.Target(tableName, ratingKeyMap(gallery, userId),
                tallyKeyMap(gallery.projectId(), gallery.name()),
                Map.of("user_id", AttributeValue.fromS(userId),
                        "rated", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))),
                List.of(sameGallery), listing(gallery));
    }

    /** The tally item's listing attributes: in the top-rated index only while the gallery is listed. */
    static StarRatings.TallyUpdate listing(Gallery gallery) {
        return gallery.isListed()
                ? new StarRatings.TallyUpdate("SET top_pk = :top, #name = :name", Map.of("#name", "name"),
                        Map.of(":top", AttributeValue.fromS(topPk(gallery.projectId())),
                                ":name", AttributeValue.fromS(gallery.name())))
                : new StarRatings.TallyUpdate("SET #name = :name REMOVE top_pk", Map.of("#name", "name"),
                        Map.of(":name", AttributeValue.fromS(gallery.name())));
    }
}
