package dev.loupe.gallery;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The galleries table's keys: their design lives here and nowhere else.
 * <ul>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = GALLERY}: one item per gallery. The project id in every key is
 * what keeps one project from reading another's galleries; a conditional put on this key is what makes names unique
 * within a project without a read first.</li>
 * <li>{@code sk = VIEWS}: the gallery's view counter, beside it so that one query reads both, and apart from it so
 * that counting a view never collides with an edit's version check.</li>
 * <li>GSI {@code by-owner}: {@code owner_pk = P#<project>#U#<user>}, {@code added_sk = <added ISO>#<name>}: a
 * registered user's galleries, newest first. Sparse: anonymous galleries are not in it.</li>
 * <li>{@code pk = P#<project>#U#<user>}, {@code sk = GALLERY_COUNT}: a registered user's counters, {@code n} (all
 * their galleries) and {@code n_public} (the listed ones), moved in the same transaction as every create, delete
 * and change of listing, so that a list's total is one read.</li>
 * <li>GSI {@code by-owner-public}: {@code owner_public_pk} (the same value), only on public galleries: what others
 * see of a user's galleries.</li>
 * <li>GSI {@code public-newest}: {@code public_pk = P#<project>#PUBLIC}, {@code public_sk = <added ISO>#<name>},
 * only on public galleries: the project's newest galleries.</li>
 * </ul>
 *
 * <p>Search by title has a word index in the same table, kept by {@link GalleryWordIndex}, written only by
 * {@link GallerySearch}'s indexer from the table's stream (never by the API's writes):
 * <ul>
 * <li>{@code pk = P#<project>#GW#<token>}, {@code sk = <added ISO>#<name>}: one entry per token of a listed
 * gallery's title (a token is a 2 to 20 character prefix of a title word, see {@link GallerySearch#tokens}; at most
 * {@link GallerySearch#MAX_TOKENS} per gallery). A query reads one token's partition backwards: newest first, paged
 * by the sort key. {@code GW#} never collides with a gallery's {@code G#<name>}: names never hold '#'.</li>
 * <li>Attributes {@code name}, {@code title}, {@code added} (what a hit shows), {@code words} (the title's
 * normalized words, which the filter of a multi-word query reads) and {@code gallery_version} (the gallery version
 * the entry was written from: writes are conditional on it, so a stale record never overwrites a newer entry).</li>
 * </ul>
 */
public final class GalleryKeys {
    public static final String OWNER_INDEX = "by-owner";
    public static final String OWNER_PUBLIC_INDEX = "by-owner-public";
    public static final String PUBLIC_INDEX = "public-newest";
    static final String GALLERY_SK = "GALLERY";
    static final String VIEWS_SK = "VIEWS";
    static final String COUNT_SK = "GALLERY_COUNT";

    private GalleryKeys() {
    }

    static String galleryPk(String projectId, String name) {
        return "P#" + projectId + "#G#" + name;
    }

    static Map<String, AttributeValue> galleryKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(GALLERY_SK));
    }

    static Map<String, AttributeValue> viewsKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(VIEWS_SK));
    }

    static String ownerPk(String projectId, String userId) {
        return "P#" + projectId + "#U#" + userId;
    }

    static Map<String, AttributeValue> countKeyMap(String projectId, String userId) {
        return Map.of("pk", AttributeValue.fromS(ownerPk(projectId, userId)), "sk", AttributeValue.fromS(COUNT_SK));
    }

    static String publicPk(String projectId) {
        return "P#" + projectId + "#PUBLIC";
    }

    /** The public and owner indexes' sort key: newest first by the added time, the name keeps it unique. */
    static String addedSk(Gallery g) {
        return g.added() + "#" + g.name();
    }

    public static String wordPk(String projectId, String token) {
        return "P#" + projectId + "#GW#" + token;
    }

    /** The same order as the public index: newest first by the added time, the name keeps it unique. */
    static String wordSk(Gallery g) {
        return addedSk(g);
    }
}
