package dev.loupe.shared.gallery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.http.ApiError;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The gallery API's actions (reference 001), free of Lambda types: the routes and, later, the reference's single
 * endpoint call these.
 */
public final class GalleryService {
    /** Names appear in URLs: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_TITLE = 200;
    /** The reference adds random symbols until the name is free; a handful of tries is plenty with 36^5 suffixes. */
    private static final int NAME_ATTEMPTS = 8;
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GalleryStore store;
    private final Clock clock;

    public GalleryService(GalleryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * What create takes: the reference's {@code title}, {@code name}, {@code token} and {@code image} parameters.
     */
    public record CreateCommand(Optional<String> title, Optional<String> name, Optional<String> ownerToken,
                                List<String> images) {
    }

    /** A gallery together with the owner token, when (and only when) the caller may see it. */
    public record Result(Gallery gallery, Optional<String> ownerToken) {
    }

    public Result create(Caller caller, CreateCommand command) {
        if (!command.images().isEmpty()) {
            // Galleries take their images from the image library, which is not built yet: refuse, never pretend.
            throw new ApiError(501, "not_implemented",
                    "Adding images to a gallery is not available yet: create the gallery without image", "image");
        }
        String title = validTitle(command.title());
        String wanted = command.name().map(GalleryService::validName).orElseGet(() -> nameFromTitle(title));

        // A registered user (the token's sub) takes precedence over an anonymous owner token, as cookies do in 001.
        Optional<String> token = caller.isRegisteredUser() ? Optional.empty()
                : Optional.of(OwnerTokens.validated(command.ownerToken()).orElseGet(OwnerTokens::newToken));

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
                String name = attempt == 0 ? wanted : withSuffix(wanted);
                Gallery gallery = new Gallery(caller.projectId(), name, title, caller.userId(),
                        caller.isRegisteredUser() ? caller.userName().or(caller::userId) : Optional.empty(),
                        token.map(OwnerTokens::hash), now, now, 1);
                if (store.createIfNameFree(gallery)) {
                    return new Result(gallery, token);
                }
            }
        } catch (SdkException e) {
            throw new ApiError(500, "io_create_error", "Unable to create new album file");
        }
        throw new ApiError(500, "io_create_error", "Unable to create new album file: no free name found");
    }

    /**
     * One gallery of the caller's project. The owner token comes back only to whoever sent it; another project's
     * gallery is as absent as a missing one.
     */
    public Result view(Caller caller, String name, Optional<String> ownerToken) {
        Gallery gallery;
        try {
            gallery = store.find(caller.projectId(), name)
                    .orElseThrow(() -> new ApiError(404, "not_exist", "Specified album does not exist", "g"));
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
        Optional<String> shownToken = ownerToken.filter(
                t -> gallery.ownerTokenHash().map(hash -> OwnerTokens.matches(t, hash)).orElse(false));
        return new Result(gallery, shownToken);
    }

    private static String validTitle(Optional<String> title) {
        String value = title.map(String::strip).orElse("");
        if (value.length() > MAX_TITLE) {
            throw new ApiError(400, "bad_parameter_title", "title is at most " + MAX_TITLE + " characters", "title");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "bad_parameter_title", "title must not contain control characters", "title");
        }
        return value;
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiError(400, "bad_parameter_name", "name must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit", "name");
        }
        return name;
    }

    /** Without a name the reference derives one from the first file; with no files yet, from the title. */
    static String nameFromTitle(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "gallery" : slug;
    }

    private static String withSuffix(String name) {
        StringBuilder suffixed = new StringBuilder(name.length() > 94 ? name.substring(0, 94) : name).append('_');
        for (int i = 0; i < 5; i++) {
            suffixed.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffixed.toString();
    }
}
