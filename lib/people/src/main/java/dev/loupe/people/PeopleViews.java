package dev.loupe.people;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.auth.Session;

/** What the people routes answer, in one place: field names as the API shows them (snake_case by the mappers). */
public final class PeopleViews {
    private PeopleViews() {
    }

    /** What anyone of the project sees of a user. */
    @JacksonXmlRootElement(localName = "user")
    public record Profile(String userId, String username, String displayName, String avatar, String bio,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer publicGalleries, String joined) {
    }

    /** What the user itself and the project's managers see: the profile and the account's settings. */
    @JacksonXmlRootElement(localName = "user")
    public record Account(String userId, String username, String displayName, String email, boolean emailVerified,
                          String role, String avatar, String bio, boolean hasPassword, String joined,
                          String updated) {
    }

    @JacksonXmlRootElement(localName = "users")
    public record Users(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "user")
                        List<Profile> users, String nextCursor) {
    }

    /**
     * A session, as {@code GET /v1/sessions/current} and a login answer it; {@code token} only where the answer makes
     * a new session (a login, a logout's new anonymous session, a first visit).
     */
    @JacksonXmlRootElement(localName = "session")
    public record SessionView(String sessionId, String userId, String username, String role, boolean loggedIn,
                              String csrfToken, String created, String expires, String token) {
    }

    /** One contact: {@code username} and {@code user_id} for a user of the project, {@code email} for an address. */
    @JacksonXmlRootElement(localName = "contact")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactView(String id, String userId, String username, String email, String group, String added) {
        public static ContactView of(Contacts.Contact c) {
            return new ContactView(c.id(), c.userId().orElse(null), c.username().orElse(null),
                    c.email().orElse(null), c.group().orElse(null), c.added().toString());
        }
    }

    /** A group of contacts and how many it holds. */
    public record GroupView(String name, int contacts) {
    }

    @JacksonXmlRootElement(localName = "contacts")
    public record ContactsView(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "contact")
                               List<ContactView> contacts,
                               @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "group")
                               List<GroupView> groups) {
        public static ContactsView of(Contacts.Listing listing) {
            return new ContactsView(listing.contacts().stream().map(ContactView::of).toList(),
                    listing.groups().entrySet().stream().map(e -> new GroupView(e.getKey(), e.getValue())).toList());
        }
    }

    /** A blocked user. */
    @JacksonXmlRootElement(localName = "block")
    public record BlockView(String userId, String username, String since) {
        public static BlockView of(Blocks.Block b) {
            return new BlockView(b.userId(), b.username(), b.since().toString());
        }
    }

    @JacksonXmlRootElement(localName = "blocks")
    public record BlocksView(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "block")
                             List<BlockView> blocks) {
    }

    /** A profile as search lists it: without the galleries count (a read per user, which a list doesn't pay). */
    public static Profile profile(User user) {
        return new Profile(user.userId(), user.username(), user.displayName(), user.avatar().orElse(null),
                user.bio().orElse(null), null, user.joined().toString());
    }

    /** The public profile, with how many public galleries the user owns (counted by the galleries' module). */
    public static Profile profile(User user, int publicGalleries) {
        return new Profile(user.userId(), user.username(), user.displayName(), user.avatar().orElse(null),
                user.bio().orElse(null), publicGalleries, user.joined().toString());
    }

    public static Account account(User user) {
        return new Account(user.userId(), user.username(), user.displayName(), user.email(), user.emailVerified(),
                user.role().name().toLowerCase(Locale.ROOT), user.avatar().orElse(null), user.bio().orElse(null),
                user.hasPassword(), user.joined().toString(), user.updated().toString());
    }

    public static SessionView session(Session session, String token) {
        return new SessionView(session.sessionId(), session.userId().orElse(null), session.userName().orElse(null),
                session.role().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null), session.loggedIn(),
                session.csrfToken(), session.created().toString(), session.expires().toString(), token);
    }
}
