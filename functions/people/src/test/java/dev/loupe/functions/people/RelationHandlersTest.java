package dev.loupe.functions.people;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.Invitations;
import dev.loupe.people.Blocks;
import dev.loupe.people.Contacts;
import dev.loupe.people.UserStore;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The contacts, blocks and invitations handlers (people part 3) with their sample events: the real services over
 * tables that hold nothing, the real verifier over a test project. The end-to-end behaviour is
 * InvitationsEndToEndTest's (local/it).
 */
class RelationHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final UserStore USERS = new UserStore(EMPTY,
            DynamoDbEnhancedClient.builder().dynamoDbClient(EMPTY).build(), "users");
    private static final Contacts CONTACTS = new Contacts(EMPTY, "users", USERS, Clock.systemUTC());
    private static final Blocks BLOCKS = new Blocks(EMPTY, "users", USERS, Clock.systemUTC());
    private static final Invitations INVITATIONS = new Invitations(new GalleryStore(EMPTY, "galleries"),
            new Invitations.Directory() {
                @Override
                public java.util.Optional<Invitations.Person> user(String projectId, String username) {
                    return java.util.Optional.empty();
                }

                @Override
                public java.util.List<Invitations.Contact> group(String projectId, String owner, String group) {
                    return java.util.List.of();
                }

                @Override
                public boolean blocks(String projectId, String ownerUserId, String userId) {
                    return false;
                }

                @Override
                public java.util.Optional<String> verifiedEmail(String projectId, String userId) {
                    return java.util.Optional.empty();
                }
            }, (invitation, token, gallery, inviter, to, baseUrl) -> Assertions.fail("no mail in these events"),
            Clock.systemUTC());

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("ContactListFunction")
    void contactList(SampleEvent event) {
        event.assertAnswered(new ListContacts(TestProject.authenticator(), CONTACTS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("ContactAddFunction")
    void contactAdd(SampleEvent event) {
        event.assertAnswered(new AddContact(TestProject.authenticator(), CONTACTS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("ContactDeleteFunction")
    void contactDelete(SampleEvent event) {
        event.assertAnswered(new DeleteContact(TestProject.authenticator(), CONTACTS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("BlockListFunction")
    void blockList(SampleEvent event) {
        event.assertAnswered(new ListBlocks(TestProject.authenticator(), BLOCKS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("BlockUserFunction")
    void block(SampleEvent event) {
        event.assertAnswered(new BlockUser(TestProject.authenticator(), BLOCKS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("UnblockUserFunction")
    void unblock(SampleEvent event) {
        event.assertAnswered(new UnblockUser(TestProject.authenticator(), BLOCKS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("InvitationCreateFunction")
    void invite(SampleEvent event) {
        event.assertAnswered(new InviteToGallery(TestProject.authenticator(), INVITATIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("InvitationListFunction")
    void invitationList(SampleEvent event) {
        event.assertAnswered(new ListInvitations(TestProject.authenticator(), INVITATIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("InvitationRevokeFunction")
    void revoke(SampleEvent event) {
        event.assertAnswered(new RevokeInvitation(TestProject.authenticator(), INVITATIONS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("InvitationAcceptFunction")
    void accept(SampleEvent event) {
        event.assertAnswered(new AcceptInvitation(TestProject.authenticator(), INVITATIONS)
                .handleRequest(request(event), null));
    }
}
