package dev.loupe.local.e2e;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.mail.LocalMailbox;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * People part 3 on the local cloud, through real HTTP: invitations to a private gallery (the mail in the local
 * mailbox, accept, the page and API opening for the invitee's session, revoke closing them at once, expiry, forged
 * tokens, another project), a contributor's upload and its removal, blocks (comments and invitations refused) and
 * contacts with a group invited at once.
 */
@LoupeCloudTest
class InvitationsEndToEndTest {
    private static final String PASSWORD = "correct horse battery";
    private static ProjectClient backend;
    private static String ownerToken;
    private static String ownerId;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        backend = shared;
        ownerId = register("inv-owner").path("user_id").asText();
        ownerToken = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), ownerId, "inv-owner",
                Role.EDITOR);
        json(call("POST", "/v1/galleries", ownerToken, "{\"name\":\"inv-private\",\"title\":\"Tom & Jerry's <den>\","
                + "\"security\":\"private\"}"), 201);
        json(call("POST", "/v1/galleries", ownerToken, "{\"name\":\"inv-public\",\"title\":\"Open\"}"), 201);
    }

    @Test
    void anAcceptedInvitationOpensThePrivateGalleryUntilItIsRevoked() throws Exception {
        register("inv-guest");
        register("inv-stranger");
        String guest = login("inv-guest");
        String stranger = login("inv-stranger");
        String page = "/p/" + backend.project().projectId() + "/g/inv-private";
        assertThat(call("GET", "/v1/galleries/inv-private", guest, null).statusCode()).isEqualTo(404);
        assertThat(withCookie(page, guest).statusCode()).isEqualTo(404);

        JsonNode created = json(call("POST", "/v1/galleries/inv-private/invitations", ownerToken,
                "{\"usernames\":[\"inv-guest\"],\"role\":\"viewer\"}"), 201);
        JsonNode invitation = created.at("/invitations/0");
        String id = invitation.path("id").asText();
        assertThat(invitation.path("status").asText()).isEqualTo("pending");
        assertThat(created.toString()).doesNotContain("token");

        // The mail: text and HTML, the title escaped in the HTML; the token only there, never the id.
        LocalMailbox.Message mail = lastMailTo("inv-guest@example.com");
        String token = tokenIn(mail.text());
        assertThat(token).isNotEqualTo(id).startsWith(id + ".");
        assertThat(mail.subject()).contains("inv-owner").contains("Tom & Jerry's <den>");
        assertThat(mail.html()).contains("Tom &amp; Jerry&#39;s &lt;den&gt;").doesNotContain("<den>")
                .contains(token);

        // Forged tokens (the id alone, a wrong secret), another user, another project: nothing opens.
        String accept = "/v1/invitations/%s/accept";
        for (String forged : List.of(id, id + "." + "A".repeat(52), "x." + token.substring(id.length() + 1))) {
            assertThat(json(call("POST", accept.formatted(forged), guest, null), 404).at("/error/code").asText())
                    .isEqualTo("invitation_not_found");
        }
        assertThat(json(call("POST", accept.formatted(token), stranger, null), 403).at("/error/code").asText())
                .isEqualTo("invitation_not_yours");
        ProjectClient other = ProjectClient.newProject(backend.cloud(), "invitations elsewhere");
        String elsewhere = TokenIssuer.backendToken(other.project(), Clock.systemUTC(), ownerId, "inv-owner",
                Role.EDITOR);
        assertThat(json(call("POST", accept.formatted(token), elsewhere, null), 404).at("/error/code").asText())
                .isEqualTo("invitation_not_found");
        assertThat(call("DELETE", "/v1/invitations/" + id, elsewhere, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/galleries/inv-private/invitations", elsewhere, null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/v1/galleries/inv-private/invitations", guest, null).statusCode()).isEqualTo(404);

        JsonNode accepted = json(call("POST", accept.formatted(token), guest, null), 200);
        assertThat(accepted.path("status").asText()).isEqualTo("accepted");
        json(call("POST", accept.formatted(token), guest, null), 200);
        assertThat(json(call("GET", "/v1/galleries/inv-private", guest, null), 200).path("name").asText())
                .isEqualTo("inv-private");
        HttpResponse<String> shown = withCookie(page, guest);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body()).contains("Tom &amp; Jerry");
        assertThat(call("GET", "/v1/galleries/inv-private", stranger, null).statusCode()).isEqualTo(404);
        assertThat(withCookie(page, stranger).statusCode()).isEqualTo(404);
        assertThat(json(call("GET", "/v1/galleries/inv-private/invitations", ownerToken, null), 200)
                .at("/invitations/0/accepted_by").asText()).isNotEmpty();

        // The owner blocks the member: the gallery closes to them at once; lifting the block opens it again.
        json(call("PUT", "/v1/me/blocks/inv-guest", ownerToken, null), 200);
        assertThat(call("GET", "/v1/galleries/inv-private", guest, null).statusCode()).isEqualTo(404);
        assertThat(withCookie(page, guest).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/me/blocks/inv-guest", ownerToken, null).statusCode()).isEqualTo(204);
        json(call("GET", "/v1/galleries/inv-private", guest, null), 200);

        // Only the owner revokes; then the page and the API close at once (no poll: nothing caches a member).
        assertThat(call("DELETE", "/v1/invitations/" + id, stranger, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/invitations/" + id, ownerToken, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/v1/galleries/inv-private", guest, null).statusCode()).isEqualTo(404);
        assertThat(withCookie(page, guest).statusCode()).isEqualTo(404);
        assertThat(json(call("POST", accept.formatted(token), guest, null), 404).at("/error/code").asText())
                .isEqualTo("invitation_not_found");
    }

    @Test
    void anInvitationToAnAddressIsForItsVerifiedOwnerAndExpires() throws Exception {
        register("inv-mailbox");
        String user = login("inv-mailbox");
        json(call("POST", "/v1/galleries/inv-private/invitations", ownerToken,
                "{\"emails\":[\"INV-MAILBOX@example.com\"]}"), 201);
        String token = tokenIn(lastMailTo("INV-MAILBOX@example.com").text());
        String accept = "/v1/invitations/" + token + "/accept";
        // Not verified yet: the address is not known to be theirs.
        assertThat(json(call("POST", accept, user, null), 403).at("/error/code").asText())
                .isEqualTo("invitation_not_yours");
        assertThat(call("POST", "/v1/users/inv-mailbox/verification", user, null).statusCode()).isEqualTo(202);
        String link = lastMailTo("inv-mailbox@example.com").text().lines().map(String::strip)
                .filter(l -> l.contains("/v1/email-verifications/")).findFirst().orElseThrow();
        json(call("GET", link.substring(link.indexOf("/v1/")), null, null), 200);

        // Expired (its end moved into the past in the table, as 14 days would): 410, and listed as expired.
        String id = token.substring(0, token.indexOf('.'));
        expire(id);
        assertThat(json(call("POST", accept, user, null), 410).at("/error/code").asText())
                .isEqualTo("invitation_expired");
        JsonNode listed = json(call("GET", "/v1/galleries/inv-private/invitations", ownerToken, null), 200);
        List<String> expired = new ArrayList<>();
        listed.path("invitations").forEach(i -> {
            if (i.path("status").asText().equals("expired")) expired.add(i.path("id").asText());
        });
        assertThat(expired).contains(id);

        // A fresh invitation to the same address is accepted by its verified owner.
        json(call("POST", "/v1/galleries/inv-private/invitations", ownerToken,
                "{\"emails\":[\"inv-mailbox@example.com\"]}"), 201);
        String fresh = tokenIn(lastMailTo("inv-mailbox@example.com").text());
        json(call("POST", "/v1/invitations/" + fresh + "/accept", user, null), 200);
        json(call("GET", "/v1/galleries/inv-private", user, null), 200);
    }

    @Test
    void aContributorUploadsItsOwnImagesAndTheOwnerRemovesThem() throws Exception {
        register("inv-helper");
        register("inv-viewer");
        String helper = login("inv-helper");
        String viewer = login("inv-viewer");
        json(call("POST", "/v1/galleries", ownerToken, "{\"name\":\"inv-shared\",\"security\":\"private\"}"), 201);
        json(call("POST", "/v1/galleries/inv-shared/invitations", ownerToken,
                "{\"usernames\":[\"inv-helper\"],\"role\":\"contributor\"}"), 201);
        json(call("POST", "/v1/invitations/" + tokenIn(lastMailTo("inv-helper@example.com").text()) + "/accept",
                helper, null), 200);
        json(call("POST", "/v1/galleries/inv-shared/invitations", ownerToken,
                "{\"usernames\":[\"inv-viewer\"]}"), 201);
        json(call("POST", "/v1/invitations/" + tokenIn(lastMailTo("inv-viewer@example.com").text()) + "/accept",
                viewer, null), 200);

        byte[] jpeg = TestFiles.image("jpg", 120, 80);
        // A viewer may look but not add; a stranger does not even see the gallery; a damaged file is refused.
        assertThat(upload("inv-shared", ownerlessToken(), "a.jpg", jpeg).statusCode()).isEqualTo(404);
        HttpResponse<String> notContributor = upload("inv-shared", viewer, "a.jpg", jpeg);
        assertThat(notContributor.statusCode()).as(notContributor.body()).isEqualTo(403);
        assertThat(json(notContributor).at("/errors/0/code").asText()).isEqualTo("not_contributor");
        HttpResponse<String> damaged = upload("inv-shared", helper, "cut.jpg", TestFiles.truncated(jpeg, 0.4));
        assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(400);
        assertThat(json(damaged).at("/errors/0/code").asText()).isEqualTo("damaged_file");

        JsonNode added = json(upload("inv-shared", helper, "mine.jpg", jpeg), 200);
        assertThat(added.at("/files/total").asInt()).isEqualTo(1);
        String imageId = added.at("/files/file/0/bucket").asText();
        assertThat(imageId).isNotEmpty();
        // Another contributor's (here: the viewer's) removal is refused; the owner removes it.
        assertThat(call("DELETE", "/v1/galleries/inv-shared/contributions/" + imageId, viewer, null).statusCode())
                .isEqualTo(403);
        assertThat(call("DELETE", "/v1/galleries/inv-shared/contributions/" + imageId, ownerToken, null)
                .statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/v1/galleries/inv-shared", ownerToken, null), 200).at("/files/total").asInt())
                .isZero();
        // The contributor removes its own.
        String second = json(upload("inv-shared", helper, "again.jpg", jpeg), 200).at("/files/file/0/bucket").asText();
        assertThat(call("DELETE", "/v1/galleries/inv-shared/contributions/" + second, helper, null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aBlockedUserCantCommentOnOrBeInvitedToTheBlockersGalleries() throws Exception {
        register("inv-troll");
        String troll = login("inv-troll");
        json(call("POST", "/v1/galleries/inv-public/comments", troll, "{\"text\":\"first\"}"), 201);

        JsonNode block = json(call("PUT", "/v1/me/blocks/inv-troll", ownerToken, null), 200);
        assertThat(block.path("username").asText()).isEqualTo("inv-troll");
        assertThat(json(call("GET", "/v1/me/blocks", ownerToken, null), 200).at("/blocks/0/username").asText())
                .isEqualTo("inv-troll");
        assertThat(json(call("POST", "/v1/galleries/inv-public/comments", troll, "{\"text\":\"again\"}"), 403)
                .at("/error/code").asText()).isEqualTo("blocked");
        assertThat(json(call("POST", "/v1/galleries/inv-private/invitations", ownerToken,
                "{\"usernames\":[\"inv-troll\"]}"), 403).at("/error/code").asText()).isEqualTo("blocked");
        assertThat(call("PUT", "/v1/me/blocks/inv-owner", ownerToken, null).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/v1/me/blocks/inv-troll", backend.token(), null).statusCode()).isEqualTo(401);

        assertThat(call("DELETE", "/v1/me/blocks/inv-troll", ownerToken, null).statusCode()).isEqualTo(204);
        json(call("POST", "/v1/galleries/inv-public/comments", troll, "{\"text\":\"sorry\"}"), 201);
    }

    @Test
    void contactsKeepGroupsAndAGroupIsInvitedAtOnce() throws Exception {
        register("inv-friend");
        String friend = json(call("POST", "/v1/me/contacts", ownerToken,
                "{\"username\":\"inv-friend\",\"group\":\"family\"}"), 201).path("id").asText();
        json(call("POST", "/v1/me/contacts", ownerToken, "{\"email\":\"aunt@example.com\",\"group\":\"family\"}"),
                201);
        json(call("POST", "/v1/me/contacts", ownerToken, "{\"email\":\"boss@example.com\"}"), 201);
        assertThat(json(call("POST", "/v1/me/contacts", ownerToken, "{\"email\":\"AUNT@example.com\"}"), 409)
                .at("/error/code").asText()).isEqualTo("contact_exists");
        assertThat(json(call("POST", "/v1/me/contacts", ownerToken, "{\"email\":\"not an address\"}"), 400)
                .at("/error/code").asText()).isEqualTo("bad_parameter");
        assertThat(call("POST", "/v1/me/contacts", backend.token(), "{\"email\":\"x@example.com\"}").statusCode())
                .isEqualTo(401);

        JsonNode family = json(call("GET", "/v1/me/contacts?group=family", ownerToken, null), 200);
        assertThat(family.path("contacts").size()).isEqualTo(2);
        assertThat(family.at("/groups/0/name").asText()).isEqualTo("family");
        assertThat(json(call("GET", "/v1/me/contacts", ownerToken, null), 200).path("contacts").size())
                .isEqualTo(3);

        JsonNode invited = json(call("POST", "/v1/galleries/inv-public/invitations", ownerToken,
                "{\"group\":\"family\"}"), 201);
        assertThat(invited.path("invitations").size()).isEqualTo(2);
        lastMailTo("aunt@example.com");
        lastMailTo("inv-friend@example.com");

        assertThat(call("DELETE", "/v1/me/contacts/" + friend, ownerToken, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/v1/me/contacts/" + friend, ownerToken, null).statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode register(String username) throws Exception {
        return json(backend.postJson("/v1/users", "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.com\",\"password\":\"" + PASSWORD + "\"}"), 201);
    }

    /** A logged-in session's token: used as Bearer for the API and as the cookie for the page. */
    private static String login(String username) throws Exception {
        return json(backend.postJson("/v1/sessions", "{\"username\":\"" + username + "\",\"password\":\""
                + PASSWORD + "\"}"), 201).path("token").asText();
    }

    private static String ownerlessToken() {
        return TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), "inv-nobody", "Nobody", Role.EDITOR);
    }

    private static HttpResponse<String> call(String method, String path, String token, String json)
            throws Exception {
        return HttpClients.send(backend.baseUri(), method, path, token, json == null ? null : "application/json",
                json, null);
    }

    private static HttpResponse<String> withCookie(String path, String sessionToken) throws Exception {
        return HttpClients.sendBytes(backend.baseUri(), "GET", path, null, null, null,
                Map.of("Cookie", "loupe_session=" + sessionToken));
    }

    private static HttpResponse<String> upload(String gallery, String token, String name, byte[] bytes)
            throws Exception {
        Multipart body = new Multipart().part("file", name, "image/jpeg", bytes);
        return HttpClients.send(HttpRequest.newBuilder(backend.baseUri().resolve("/v1/galleries/" + gallery
                        + "/contributions")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    private static LocalMailbox.Message lastMailTo(String address) {
        List<LocalMailbox.Message> mail = backend.cloud().cloud().mailbox().messagesTo(address);
        assertThat(mail).as("mail to %s", address).isNotEmpty();
        return mail.getLast();
    }

    private static String tokenIn(String text) {
        return text.lines().map(String::strip).filter(l -> l.startsWith("Invitation token: ")).findFirst()
                .map(l -> l.substring("Invitation token: ".length())).orElseThrow();
    }

    /** Moves the invitation's end into the past (a test may write the table; 14 days are too long to wait). */
    private static void expire(String id) {
        try (DynamoDbClient dynamo = backend.backend().dynamoDb()) {
            String table = backend.provisioned().tableName("GalleriesTable");
            var pointer = dynamo.getItem(r -> r.tableName(table).key(Map.of(
                    "pk", AttributeValue.fromS("P#" + backend.project().projectId() + "#INV#" + id),
                    "sk", AttributeValue.fromS("INVITATION")))).item();
            String pk = "P#" + backend.project().projectId() + "#GI#" + pointer.get("name").s() + "#"
                    + pointer.get("added").n();
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk),
                            "sk", AttributeValue.fromS("I#" + id)))
                    .updateExpression("SET expires = :past")
                    .expressionAttributeValues(Map.of(":past", AttributeValue.fromS("2020-01-01T00:00:00Z"))));
        }
    }
}
