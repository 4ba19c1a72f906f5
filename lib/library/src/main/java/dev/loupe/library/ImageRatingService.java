package dev.loupe.library;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.dynamo.StarRatings;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Rating library images (the imageloop-style API's image ratings), free of Lambda types: one rating per registered
 * user per image, 1 to 5 stars, changeable and removable, with an exact tally ({@link StarRatings}; keys in
 * {@link LibraryKeys}). Whoever may see an image (any caller of its project: an image's details are not the
 * library's secret) may rate it when it is a registered user; another project's id or a deleted image is a 404.
 */
public final class ImageRatingService {
    private final ImageStore images;
    private final StarRatings ratings;
    private final String table;
    private final Clock clock;

    public ImageRatingService(ImageStore images, DynamoDbClient dynamo, String table, Clock clock) {
        this.images = images;
        this.ratings = new StarRatings(dynamo);
        this.table = table;
        this.clock = clock;
    }

    /** Sets the caller's stars; answers the image's new tally. */
    public StarRatings.Tally rate(Caller caller, String imageId, int stars) {
        if (stars < StarRatings.MIN_STARS || stars > StarRatings.MAX_STARS) {
            throw new ApiError(400, "bad_parameter", "stars is a whole number from 1 to 5", "stars");
        }
        String user = rater(caller);
        return change(caller, imageId, target -> ratings.trySet(target, stars).committed(), user);
    }

    /** Removes the caller's rating, if any; answers the image's new tally. */
    public StarRatings.Tally unrate(Caller caller, String imageId) {
        String user = rater(caller);
        return change(caller, imageId, target -> ratings.tryRemove(target).committed(), user);
    }

    /** The image's tally (what its details show). */
    public StarRatings.Tally tally(String projectId, String imageId) {
        return ratings.tally(table, tallyKey(projectId, imageId));
    }

    private StarRatings.Tally change(Caller caller, String imageId,
                                     java.util.function.Predicate<StarRatings.Target> attempt, String user) {
        try {
            StarRatings.retried(() -> {
                Image image = images.find(caller.projectId(), imageId)
                        .orElseThrow(() -> ImageService.notFound(imageId));
                if (image.status() == ImageStatus.DELETED) {
                    throw new ApiError(404, "image_deleted", "Image " + imageId + " was deleted", "image_id");
                }
                return attempt.test(target(image, user)) ? Optional.of(image) : Optional.empty();
            });
            return tally(caller.projectId(), imageId);
        } catch (SdkException e) {
            ApiError failed = new ApiError(500, "internal_error", "The rating could not be saved");
            failed.initCause(e);
            throw failed;
        }
    }

    /** The rating counts only while the image is the one read (not deleted or changed meanwhile). */
    private StarRatings.Target target(Image image, String user) {
        String pk = LibraryKeys.imagePk(image.projectId(), image.imageId());
        TransactWriteItem sameImage = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(LibraryKeys.IMAGE_SK)))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v",
                        AttributeValue.fromN(Long.toString(image.version()))))).build();
        return new StarRatings.Target(table,
                Map.of("pk", AttributeValue.fromS(LibraryKeys.imageRatingPk(image.projectId(), image.imageId())),
                        "sk", AttributeValue.fromS("U#" + user)),
                tallyKey(image.projectId(), image.imageId()),
                Map.of("user_id", AttributeValue.fromS(user),
                        "rated", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))),
                List.of(sameImage), StarRatings.TallyUpdate.NONE);
    }

    private static Map<String, AttributeValue> tallyKey(String projectId, String imageId) {
        return Map.of("pk", AttributeValue.fromS(LibraryKeys.imagePk(projectId, imageId)),
                "sk", AttributeValue.fromS(LibraryKeys.RATING_SK));
    }

    private static String rater(Caller caller) {
        return caller.userId().orElseThrow(() -> new ApiError(401, "login_required",
                "Rating needs a registered user: a logged-in session, or a token with sub"));
    }
}
