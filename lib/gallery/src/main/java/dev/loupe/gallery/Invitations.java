package dev.loupe.gallery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.Ids;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Invitations to a gallery (people part 3): its registered owner invites users of the project (by username, or a
 * group of its contacts) and email addresses, as viewers or contributors. Each invitation has an {@code id} (the
 * owner lists and revokes by it) and a secret token, mailed to the invitee and nowhere else: {@code <id>.<secret>},
 * the secret 256 random bits of which the store keeps only the SHA-256, so the token is never the id and the table
 * never holds a usable one. Accepting it (signed in) makes the user a member: a private or password gallery's page
 * and API then open for their session, read on every request ({@link GalleryAccess#member}); a revoke deletes the
 * member in the same transaction, so the gallery closes to them at once. An unaccepted invitation expires after
 * {@link #LIFETIME} (410 {@code invitation_expired}); an accepted one lasts until revoked.
 */
public final class Invitations {
    public static final Duration LIFETIME = Duration.ofDays(14);
    /** Invitees one request names at most (after expanding the group): each is a mail and two writes. */
    public static final int MAX_INVITEES = 50;
    private static final int SECRET_LENGTH = 52;

    /** A user of the project as the people module knows it. */
    public record Person(String userId, String username, String email) {
    }

    /** One contact of a group: a user of the project (by username) or an email address. */
    public record Contact(Optional<String> username, Optional<String> email) {
    }

    /**
     * What invitations need of the people module (users, contacts, blocks), which this module can't use directly:
     * the functions wire it in.
     */
    public interface Directory {
        Optional<Person> user(String projectId, String username);

        /** The owner's contacts in {@code group}; a refusal (no such group) is an {@link ApiError}. */
        List<Contact> group(String projectId, String ownerUserId, String group);

        boolean blocks(String projectId, String ownerUserId, String userId);

        /** The user's email when it is verified. */
        Optional<String> verifiedEmail(String projectId, String userId);
    }

    /** Mails one invitation's link ({@code page.InvitationMail}). */
    @FunctionalInterface
    public interface Mail {
        void send(Invitation invitation, String token, Gallery gallery, String inviter, String to, String baseUrl);
    }

    /** What {@code POST /v1/galleries/{name}/invitations} takes. */
    public record Request(List<String> usernames, List<String> emails, Optional<String> group,
                          Optional<String> role) {
    }

    public enum Status { PENDING, ACCEPTED, EXPIRED }

    /** An invitation as its owner sees it (never its token). */
    public record Invitation(String id, String gallery, String role, Optional<String> userId,
                             Optional<String> username, Optional<String> email, Instant created, Instant expires,
                             Optional<String> acceptedBy, Optional<Instant> accepted, Status status) {
    }

    private final GalleryStore galleries;
    private final InvitationStore store;
    private final Directory directory;
    private final Mail mail;
    private final Clock clock;

    public Invitations(GalleryStore galleries, Directory directory, Mail mail, Clock clock) {
        this.galleries = galleries;
        this.store = galleries.invitations();
        this.directory = directory;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Invites each named user, each member of the owner's contact group and each email address (one invitation per
     * distinct invitee), and mails each its link. All or nothing before anything is written: an unknown username is
     * 404 {@code user_not_found}, a user the owner blocked 403 {@code blocked}.
     */
    public List<Invitation> create(Caller caller, String name, Request request, String baseUrl) {
        return call(() -> {
            Gallery g = owned(caller, name);
            String role = request.role().map(r -> r.strip().toLowerCase(Locale.ROOT)).orElse("viewer");
            if (!role.equals("viewer") && !role.equals("contributor")) {
                throw ApiError.badParameter("role", "role is viewer or contributor");
            }
            List<String> usernames = new ArrayList<>(request.usernames());
            List<String> emails = new ArrayList<>(request.emails());
            request.group().ifPresent(group -> directory.group(caller.projectId(), caller.userId().orElseThrow(),
                    group).forEach(c -> {
                        c.username().ifPresent(usernames::add);
                        c.email().ifPresent(emails::add);
                    }));
            // One invitation per invitee: a user by id, an address in lower case.
            Map<String, Person> users = new LinkedHashMap<>();
            for (String username : usernames) {
                Person p = directory.user(caller.projectId(), username.strip())
                        .orElseThrow(() -> new ApiError(404, "user_not_found", "No user " + username
                                + " in this project", "usernames"));
                if (caller.userId().equals(Optional.of(p.userId()))) {
                    throw ApiError.badParameter("usernames", "The owner needs no invitation");
                }
                if (directory.blocks(caller.projectId(), caller.userId().orElseThrow(), p.userId())) {
                    throw new ApiError(403, "blocked", "You blocked " + p.username() + ": unblock them to invite "
                            + "them", "usernames");
                }
                users.put(p.userId(), p);
            }
            Map<String, String> addresses = new LinkedHashMap<>();
            for (String email : emails) {
                String address = validEmail(email);
                addresses.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
            }
            if (users.isEmpty() && addresses.isEmpty()) {
                throw ApiError.badParameter("usernames", "Name someone to invite: usernames, emails or group");
            }
            if (users.size() + addresses.size() > MAX_INVITEES) {
                throw ApiError.badParameter("usernames", "One request invites at most " + MAX_INVITEES + " people");
            }
            Instant now = clock.instant();
            String inviter = caller.userName().filter(n -> !n.isBlank()).orElse(caller.userId().orElseThrow());
            List<Invitation> created = new ArrayList<>();
            List<Runnable> mails = new ArrayList<>();
            List<InvitationStore.Stored> stored = new ArrayList<>();
            for (Person p : users.values()) {
                issue(g, role, Optional.of(p.userId()), Optional.of(p.username()), Optional.empty(), now, p.email(),
                        inviter, baseUrl, stored, created, mails);
            }
            for (String address : addresses.values()) {
                issue(g, role, Optional.empty(), Optional.empty(), Optional.of(address), now, address, inviter,
                        baseUrl, stored, created, mails);
            }
            store.create(stored);
            mails.forEach(Runnable::run);
            return created;
        });
    }

    private void issue(Gallery g, String role, Optional<String> userId, Optional<String> username,
                       Optional<String> email, Instant now, String to, String inviter, String baseUrl,
                       List<InvitationStore.Stored> stored, List<Invitation> created, List<Runnable> mails) {
        String id = Ids.newId();
        String secret = Ids.newId() + Ids.newId();
        InvitationStore.Stored s = new InvitationStore.Stored(id, g.projectId(), g.name(), g.added().getEpochSecond(),
                role, userId, username, email, hash(secret), now, now.plus(LIFETIME), Optional.empty(),
                Optional.empty());
        Invitation invitation = view(s, now);
        stored.add(s);
        created.add(invitation);
        mails.add(() -> mail.send(invitation, id + "." + secret, g, inviter, to, baseUrl));
    }

    /** The gallery's invitations, newest first, with their status: for its owner only. */
    public List<Invitation> list(Caller caller, String name) {
        return call(() -> {
            Gallery g = owned(caller, name);
            Instant now = clock.instant();
            return store.list(g).stream().map(s -> view(s, now))
                    .sorted(Comparator.comparing(Invitation::created).reversed()).toList();
        });
    }

    /**
     * Revokes an invitation (its gallery's owner only; anyone else, and another project, gets 404
     * {@code invitation_not_found}): the invitee, if they accepted, loses the gallery at once.
     */
    public void revoke(Caller caller, String id) {
        call(() -> {
            for (int attempt = 0; attempt < 5; attempt++) {
                InvitationStore.Pointer pointer = pointer(caller.projectId(), id);
                Gallery g = galleries.find(caller.projectId(), pointer.gallery())
                        .filter(x -> x.added().getEpochSecond() == pointer.added())
                        .filter(x -> GalleryAccess.owns(caller, x, Optional.empty()) && caller.userId().isPresent())
                        .orElseThrow(Invitations::notFound);
                InvitationStore.Stored s = store.find(g.projectId(), pointer, id).orElseThrow(Invitations::notFound);
                if (store.revoke(s)) {
                    return null;
                }
            }
            throw new ApiError(409, "conflict", "The invitation changed while it was revoked: try again");
        });
    }

    /**
     * The signed-in caller accepts the invitation whose token it was mailed: an invitation to a user is accepted by
     * that user only, one to an address by the user whose verified email is that address (403
     * {@code invitation_not_yours} otherwise). A token that is not one Loupe issued (wrong secret, unknown id,
     * another project's) is 404 {@code invitation_not_found}; an expired one 410 {@code invitation_expired}; one
     * accepted by someone else 409 {@code invitation_used}. Accepting twice is fine.
     */
    public Invitation accept(Caller caller, String token) {
        return call(() -> {
            String userId = caller.userId().orElseThrow(() -> ApiError.unauthorized("login_required",
                    "Sign in to accept an invitation"));
            int dot = token.indexOf('.');
            if (dot < 1 || token.length() - dot - 1 != SECRET_LENGTH || !Ids.plausible(token.substring(0, dot))
                    || !Ids.plausible(token.substring(dot + 1))) {
                throw notFound();
            }
            String id = token.substring(0, dot);
            InvitationStore.Pointer pointer = pointer(caller.projectId(), id);
            InvitationStore.Stored s = store.find(caller.projectId(), pointer, id).orElseThrow(Invitations::notFound);
            if (!MessageDigest.isEqual(hash(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII),
                    s.secretHash().getBytes(StandardCharsets.US_ASCII))) {
                throw notFound();
            }
            Instant now = clock.instant();
            if (s.acceptedBy().isPresent()) {
                if (s.acceptedBy().get().equals(userId)) {
                    return view(s, now);
                }
                throw new ApiError(409, "invitation_used", "Someone else accepted this invitation");
            }
            if (!now.isBefore(s.expires())) {
                throw new ApiError(410, "invitation_expired", "This invitation expired on " + s.expires()
                        + ": ask the gallery's owner for a new one");
            }
            Gallery g = galleries.find(caller.projectId(), s.gallery()).filter(x -> !x.details().deleting())
                    .filter(x -> x.added().getEpochSecond() == s.added()).orElseThrow(Invitations::notFound);
            boolean mine = s.userId().map(userId::equals).orElseGet(() -> directory.verifiedEmail(
                    caller.projectId(), userId).filter(e -> e.equalsIgnoreCase(s.email().orElseThrow())).isPresent());
            if (!mine) {
                throw new ApiError(403, "invitation_not_yours", s.userId().isPresent()
                        ? "This invitation is for another user"
                        : "This invitation is for an email address: sign in as the user whose verified email it is");
            }
            if (g.ownerUserId().filter(owner -> directory.blocks(caller.projectId(), owner, userId)).isPresent()) {
                throw new ApiError(403, "blocked", "The gallery's owner does not take you in");
            }
            String username = caller.userName().filter(n -> !n.isBlank()).orElse(userId);
            if (!store.accept(s, userId, username, now)) {
                throw notFound();
            }
            return view(new InvitationStore.Stored(s.id(), s.projectId(), s.gallery(), s.added(), s.role(),
                    s.userId(), s.username(), s.email(), s.secretHash(), s.created(), s.expires(),
                    Optional.of(userId), Optional.of(now)), now);
        });
    }

    private InvitationStore.Pointer pointer(String projectId, String id) {
        if (!Ids.plausible(id)) {
            throw notFound();
        }
        return store.pointer(projectId, id).orElseThrow(Invitations::notFound);
    }

    /** The gallery, when the caller is its registered owner: 404 when private to them, 403 otherwise. */
    private Gallery owned(Caller caller, String name) {
        Gallery g = galleries.find(caller.projectId(), name).filter(x -> !x.details().deleting())
                .orElseThrow(GalleryAccess::notExist);
        if (caller.userId().isEmpty() || !GalleryAccess.owns(caller, g, Optional.empty())) {
            if (g.details().security() == Security.PRIVATE) {
                throw GalleryAccess.notExist();
            }
            throw new ApiError(403, "not_owner", "Only the gallery's registered owner manages its invitations");
        }
        return g;
    }

    private static Invitation view(InvitationStore.Stored s, Instant now) {
        Status status = s.acceptedBy().isPresent() ? Status.ACCEPTED
                : now.isBefore(s.expires()) ? Status.PENDING : Status.EXPIRED;
        return new Invitation(s.id(), s.gallery(), s.role(), s.userId(), s.username(), s.email(), s.created(),
                s.expires(), s.acceptedBy(), s.accepted(), status);
    }

    private static String validEmail(String value) {
        String email = value.strip();
        if (email.length() > 254 || !email.matches("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+")) {
            throw ApiError.badParameter("emails", "Each of emails must be an address like name@example.com");
        }
        return email;
    }

    private static ApiError notFound() {
        return new ApiError(404, "invitation_not_found", "No such invitation");
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw new ApiError(500, "io_error", "Unable to read or write invitations");
        }
    }
}
