package dev.loupe.gallery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;

/**
 * Who may see and change a gallery: its owner (the registered user, or whoever holds its owner token) always; others
 * as its security says. A private gallery does not exist for anyone but its owner. The passwords and view tokens
 * themselves are {@link ViewAccess}'s.
 */
final class GalleryAccess {
    private final Clock clock;
    private final PasswordThrottle throttle;
    private final InvitationStore members;
    private final UserBlocks blocks;

    GalleryAccess(Clock clock, PasswordThrottle throttle, InvitationStore members, UserBlocks blocks) {
        this.clock = clock;
        this.throttle = throttle;
        this.members = members;
        this.blocks = blocks;
    }

    /**
     * Whether a signed-in visitor is an invited member of a private or protected gallery (an accepted, unrevoked
     * invitation): one consistent read of the member item on every request, never a token, so a revoke closes the
     * gallery to them at once. Public and unlisted galleries need no invitation (nothing is read).
     */
    boolean member(Gallery gallery, Optional<String> userId) {
        Security security = gallery.details().security();
        if (userId.isEmpty() || (security != Security.PRIVATE && security != Security.PASSWORD)) {
            return false;
        }
        return memberRole(gallery, userId.get()).isPresent();
    }

    /**
     * The role of the user's accepted invitation to the gallery, while its owner doesn't block them: a block closes
     * the gallery to a member at once, as a revoke does, and lifting it opens the gallery again while the invitation
     * stands. The owner's blocks are read only for someone who holds an invitation.
     */
    Optional<String> memberRole(Gallery gallery, String userId) {
        Optional<String> role = members.memberRole(gallery, userId);
        if (role.isPresent() && gallery.ownerUserId()
                .filter(owner -> blocks.blocks(gallery.projectId(), owner, userId)).isPresent()) {
            return Optional.empty();
        }
        return role;
    }

    /** The gallery API: a change needs the owner's cookie (here: a token's sub) or the gallery's owner token. */
    static void requireCredentials(GalleryAction action, Caller caller, Optional<String> ownerToken) {
        if (!caller.isRegisteredUser() && ownerToken.isEmpty()) {
            throw action.unauthenticated();
        }
    }

    /** Whether the caller may change the gallery, else the refusal: a private gallery is missing to non-owners. */
    static void requireOwner(GalleryAction action, Caller caller, Gallery gallery, Optional<String> ownerToken) {
        if (!owns(caller, gallery, ownerToken)) {
            throw gallery.details().security() == Security.PRIVATE ? action.missing() : action.notOwner();
        }
    }

    static boolean owns(Caller caller, Gallery gallery, Optional<String> ownerToken) {
        boolean userOwns = caller.userId().isPresent() && caller.userId().equals(gallery.ownerUserId());
        return userOwns || tokenOwns(gallery, ownerToken);
    }

    static boolean tokenOwns(Gallery gallery, Optional<String> ownerToken) {
        return ownerToken.isPresent() && gallery.ownerTokenHash()
                .map(hash -> OwnerTokens.matches(ownerToken.get(), hash)).orElse(false);
    }

    /**
     * Lets a visitor (not the owner) in as the gallery's security says, answering the view token they may use for
     * its page and player; a refusal is an {@link ApiError}.
     */
    Optional<String> admitted(Gallery gallery, GalleryService.Access access) {
        Gallery.Details d = gallery.details();
        Instant now = clock.instant();
        return switch (d.security()) {
            case PUBLIC, UNLISTED -> Optional.empty();
            case PRIVATE -> throw notExist();
            case PASSWORD -> {
                String key = d.viewKey().orElseThrow(GalleryAccess::passwordRequired);
                if (access.viewToken().filter(t -> ViewAccess.valid(t, gallery, key, now)).isPresent()) {
                    yield access.viewToken();
                }
                String password = access.password().orElseThrow(GalleryAccess::passwordRequired);
                throttle.check(gallery, access.address());
                if (d.passwordHash().filter(h -> ViewAccess.passwordMatches(password, h)).isEmpty()) {
                    throttle.failed(gallery, access.address());
                    throw new ApiError(403, "wrong_password", "The password does not open this gallery",
                            "password");
                }
                yield Optional.of(ViewAccess.issue(gallery, key, now.truncatedTo(ChronoUnit.SECONDS)));
            }
        };
    }

    /**
     * Whether the public page or player (which have no caller) may show the gallery with this view token: a public
     * or unlisted gallery for anyone, a password-protected one with a valid token (401 {@code password_required}
     * without), a private one only with a valid token (404 {@code not_exist} without, as for a missing one).
     * Answers whether the token was valid.
     */
    boolean admittedToPage(Gallery gallery, Optional<String> viewToken) {
        boolean tokenValid = tokenValid(gallery, viewToken);
        switch (gallery.details().security()) {
            case PRIVATE -> {
                if (!tokenValid) {
                    throw notExist();
                }
            }
            case PASSWORD -> {
                if (!tokenValid) {
                    throw passwordRequired();
                }
            }
            case PUBLIC, UNLISTED -> {
            }
        }
        return tokenValid;
    }

    /** Whether {@code viewToken} is a current view token of this gallery. */
    boolean tokenValid(Gallery gallery, Optional<String> viewToken) {
        return viewToken.isPresent() && gallery.details().viewKey()
                .map(key -> ViewAccess.valid(viewToken.get(), gallery, key, clock.instant())).orElse(false);
    }

    /** The owner's own view token, so that the owner can open a private or protected gallery's page and player. */
    Optional<String> ownerViewToken(Gallery gallery) {
        Security security = gallery.details().security();
        if (security != Security.PRIVATE && security != Security.PASSWORD) {
            return Optional.empty();
        }
        return gallery.details().viewKey().map(key -> ViewAccess.issue(gallery, key,
                clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    }

    static ApiError notExist() {
        return new ApiError(404, "not_exist", "Specified album does not exist", "g");
    }

    static ApiError passwordRequired() {
        return new ApiError(401, "password_required", "This gallery is protected by a password", "password");
    }
}
