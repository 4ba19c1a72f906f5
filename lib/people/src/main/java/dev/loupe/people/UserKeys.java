package dev.loupe.people;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The users table's keys, in one place. Every key starts with the project id, which keeps projects apart: another
 * project's username or user id is simply another key, so a request can't reach it and the API answers 404.
 * <ul>
 * <li><b>A user</b>: {@code pk = P#<project>#U#<user id>}, {@code sk = USER}: the profile, the password hash, the
 * role. The user id is random and never changes; usernames and emails point to it.</li>
 * <li><b>A username's claim</b>: {@code pk = P#<project>#NAME#<username, lower case>}, {@code sk = CLAIM}, holding the
 * user id. Written with {@code attribute_not_exists(pk)} in the same transaction as the user, so of two sign-ups
 * racing for one name (in any mix of cases) exactly one commits; the other's transaction is cancelled and answered
 * 409.</li>
 * <li><b>An email's claim</b>: {@code pk = P#<project>#EMAIL#<email, lower case>}, {@code sk = CLAIM}: the same for
 * emails (unique per project), and how a login by email finds its user.</li>
 * <li><b>GSI {@code search}</b>: {@code search_pk = P#<project>#SEARCH}, {@code search_sk = <text>#<user id>}, keys
 * and {@code user_id} projected. The username claim carries the lower-case username as its text and the user item its
 * display name (lower case, accents stripped), so one {@code begins_with} query finds users by either, in order, and
 * reads only as many entries as it answers (then one BatchGetItem of their profiles). Every user of a project shares
 * one index partition: fine up to DynamoDB's 3,000 reads a second per partition; a project that outgrows that would
 * split the partition by the text's first letter.</li>
 * <li><b>An emailed link's token</b>: {@code pk = P#<project>#TOKEN#<SHA-256 of the token, hex>}, {@code sk = VERIFY}
 * or {@code RESET}, with the user id, the address and {@code expires_at} (the table's TTL); deleted when used
 * ({@link EmailTokens}).</li>
 * <li><b>A contact</b> (people part 3): {@code pk = P#<project>#CT#<owner's user id>}, {@code sk = <contact id>}; the
 * id is derived from what the contact names (the user's id, or the email in lower case), so adding one twice meets
 * the same key and answers 409. One query of the partition lists a user's contacts ({@link Contacts}).</li>
 * <li><b>A block</b>: {@code pk = P#<project>#UB#<blocker's user id>}, {@code sk = <blocked user's id>}: "is U
 * blocked by the owner" is one GetItem ({@link Blocks#isBlocked}).</li>
 * </ul>
 */
public final class UserKeys {
    static final String USER_SK = "USER";
    static final String CLAIM_SK = "CLAIM";
    static final String SEARCH_INDEX = "search";

    private UserKeys() {
    }

    static String user(String projectId, String userId) {
        return "P#" + projectId + "#U#" + userId;
    }

    static String username(String projectId, String username) {
        return "P#" + projectId + "#NAME#" + username.toLowerCase(Locale.ROOT);
    }

    static String email(String projectId, String email) {
        return "P#" + projectId + "#EMAIL#" + email.toLowerCase(Locale.ROOT);
    }

    static String token(String projectId, String tokenHash) {
        return "P#" + projectId + "#TOKEN#" + tokenHash;
    }

    static String contacts(String projectId, String ownerUserId) {
        return "P#" + projectId + "#CT#" + ownerUserId;
    }

    static String blocks(String projectId, String blockerUserId) {
        return "P#" + projectId + "#UB#" + blockerUserId;
    }

    static String searchPartition(String projectId) {
        return "P#" + projectId + "#SEARCH";
    }

    static String searchSort(String text, String userId) {
        return searchable(text) + "#" + userId;
    }

    /** What search compares: lower case, accents stripped, spaces collapsed. */
    static String searchable(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }
}
