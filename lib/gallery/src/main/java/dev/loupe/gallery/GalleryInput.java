package dev.loupe.gallery;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.loupe.core.http.ApiError;

/**
 * The gallery API's input rules: names, titles, descriptions, captions, and a create's or edit's settings applied to
 * a gallery's details. Each refusal is the gallery API's 400 with the parameter it names.
 */
final class GalleryInput {
    /** Names appear in URLs: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_TITLE = 200;
    private static final int MAX_DESCRIPTION = 2_000;
    private static final int MAX_CAPTION = 500;
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private GalleryInput() {
    }

    static String validTitle(Optional<String> title) {
        String value = title.map(String::strip).orElse("");
        if (value.length() > MAX_TITLE) {
            throw new ApiError(400, "bad_parameter_title", "title is at most " + MAX_TITLE + " characters", "title");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "bad_parameter_title", "title must not contain control characters", "title");
        }
        return value;
    }

    static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiError(400, "bad_parameter_name", "name must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit", "name");
        }
        return name;
    }

    /** Without a name the gallery API derives one from the first file; with no files yet, from the title. */
    static String nameFromTitle(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "gallery" : slug;
    }

    /** A taken name with "_" and five random symbols after it: the gallery API tries such names until one is free. */
    static String withSuffix(String name) {
        StringBuilder suffixed = new StringBuilder(name.length() > 94 ? name.substring(0, 94) : name).append('_');
        for (int i = 0; i < 5; i++) {
            suffixed.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffixed.toString();
    }

    static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    static String validDescription(String description) {
        String value = description.strip();
        if (value.length() > MAX_DESCRIPTION) {
            throw new ApiError(400, "bad_parameter_description", "description is at most " + MAX_DESCRIPTION
                    + " characters", "description");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new ApiError(400, "bad_parameter_description",
                    "description must not contain control characters other than new lines", "description");
        }
        return value;
    }

    /**
     * The settings applied to a gallery's details, checked against the images it shows. A new password, or a change
     * to private, draws a new view key: every view token handed out before stops working.
     */
    static Gallery.Details applied(Gallery.Details d, GalleryService.Settings s, List<String> imageIds) {
        String description = s.description().map(GalleryInput::validDescription).orElse(d.description());
        Security security = s.security().orElse(d.security());
        Optional<String> password = ViewAccess.validatedPassword(s.password());
        Optional<String> passwordHash = d.passwordHash();
        Optional<String> viewKey = d.viewKey().isEmpty() ? Optional.of(ViewAccess.newViewKey()) : d.viewKey();
        if (security == Security.PASSWORD) {
            if (password.isPresent()) {
                passwordHash = Optional.of(ViewAccess.hashPassword(password.get()));
                viewKey = Optional.of(ViewAccess.newViewKey());
            } else if (passwordHash.isEmpty()) {
                throw new ApiError(400, "bad_parameter_password", "security=password needs a password", "password");
            }
        } else {
            if (password.isPresent()) {
                throw new ApiError(400, "bad_parameter_password",
                        "a password is only for security=password", "password");
            }
            passwordHash = Optional.empty();
            if (security == Security.PRIVATE && d.security() != Security.PRIVATE) {
                viewKey = Optional.of(ViewAccess.newViewKey());
            }
        }
        PlayerSetup p = d.player();
        PlayerSetup player;
        try {
            player = new PlayerSetup(s.interval().orElse(p.intervalSeconds()), s.transition().orElse(p.transition()),
                    s.loop().orElse(p.loop()), s.shuffle().orElse(p.shuffle()),
                    s.captionsShown().orElse(p.captions()), s.theme().orElse(p.theme()));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_parameter_interval", "interval is " + PlayerSetup.MIN_INTERVAL + " to "
                    + PlayerSetup.MAX_INTERVAL + " seconds", "interval");
        }
        Optional<String> cover = d.coverImageId();
        if (s.cover().isPresent()) {
            String wanted = s.cover().get().strip();
            if (!wanted.isEmpty() && !imageIds.contains(wanted)) {
                throw new ApiError(400, "bad_parameter_cover", "cover must be an image the gallery shows", "cover");
            }
            cover = wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
        }
        Map<String, String> captions = new java.util.HashMap<>(d.captions());
        s.captions().forEach((id, text) -> {
            if (!imageIds.contains(id)) {
                throw new ApiError(400, "bad_parameter_caption", "caption for " + id
                        + ": the gallery does not show it", "caption");
            }
            String caption = text.strip();
            if (caption.length() > MAX_CAPTION || caption.chars().anyMatch(Character::isISOControl)) {
                throw new ApiError(400, "bad_parameter_caption", "a caption is at most " + MAX_CAPTION
                        + " characters, without control characters", "caption");
            }
            if (caption.isEmpty()) {
                captions.remove(id);
            } else {
                captions.put(id, caption);
            }
        });
        // A removed image takes its caption with it.
        captions.keySet().retainAll(imageIds);
        return new Gallery.Details(description, security, passwordHash, viewKey, player,
                cover.filter(imageIds::contains), captions, d.deleting());
    }
}
