package dev.loupe.functions.galleries;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.loupe.auth.Caller;
import dev.loupe.core.Ids;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.page.GalleryView;
import dev.loupe.gallery.PlayerSetup;
import dev.loupe.gallery.Security;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import dev.loupe.core.http.Part;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.UploadService;
import dev.loupe.library.UploadValidation;

/**
 * Each gallery API action once: read its parameters, call the service on behalf of the caller that the handler
 * frame verified, build its answer. The routes and the single endpoint both call these, so neither has logic of its
 * own.
 */
final class GalleryCalls {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** Files one request uploads at most: preparing more (decoding, two thumbnails each) would not fit in 29 s. */
    static final int MAX_FILES = 50;

    private final GalleryService galleries;
    private final ImageLinks links;
    private final Supplier<UploadService> uploads;

    /** uploads: built on first use, so that only the functions that take files load the imaging engine. */
    GalleryCalls(GalleryService galleries, ImageLinks links, Supplier<UploadService> uploads) {
        this.galleries = galleries;
        this.links = links;
        this.uploads = uploads;
    }

    GalleryView create(HttpRequest request, Caller caller) {
        Params p = request.params();
        GalleryService.Settings settings = settings(p);
        return render(request, withFiles(request, caller, ids(p, "image", caller.projectId()), images -> galleries.create(caller,
                new GalleryService.CreateCommand(p.first("title"), p.text("name"), p.text("token"), images,
                        settings))));
    }

    GalleryView view(HttpRequest request, Caller caller, String name) {
        Params p = request.params();
        return render(request, galleries.view(caller, name, p.text("token"),
                new GalleryService.Access(p.first("password"), p.text("vt"), request.sourceIp())));
    }

    GalleryView add(HttpRequest request, Caller caller, String name) {
        Params p = request.params();
        return render(request, withFiles(request, caller, ids(p, "image", caller.projectId()),
                images -> galleries.add(caller, name, p.text("token"), images)));
    }

    /**
     * Create and add with files: the multipart body's {@code file} (or {@code file[]}) parts become library images
     * through the library's own direct upload ({@link UploadService#uploadAll}: the same checks, limits and refusal
     * codes as {@code POST /v1/uploads}, each file's MD5 checked when the client sends one as {@code md5}, the
     * i-th value for the i-th file), and the gallery gets them after the {@code image} ids, in the order sent. All
     * or nothing: a refused file stores nothing, and when the gallery change fails the images this request stored
     * are withdrawn again (failed, bytes removed), as a failed import's are.
     */
    private GalleryService.Result withFiles(HttpRequest request, Caller caller, List<String> ids,
                                            Function<List<String>, GalleryService.Result> change) {
        return withFiles(files(request), ids, change, files -> uploads.get().uploadAll(caller, files));
    }

    private GalleryService.Result withFiles(List<UploadService.DirectUpload> files, List<String> ids,
                                            Function<List<String>, GalleryService.Result> change,
                                            Function<List<UploadService.DirectUpload>, List<Image>> upload) {
        if (files.isEmpty()) {
            return change.apply(ids);
        }
        List<Image> stored = upload.apply(files);
        List<String> all = new ArrayList<>(ids);
        stored.forEach(image -> all.add(image.imageId()));
        try {
            return change.apply(all);
        } catch (RuntimeException failure) {
            for (Image image : stored) {
                try {
                    uploads.get().withdraw(image, "gallery_failed: the gallery change this file was uploaded "
                            + "with failed (" + failure.getMessage() + ")");
                } catch (RuntimeException again) {
                    failure.addSuppressed(again);
                }
            }
            throw failure;
        }
    }

    /** The files of a multipart body, in the order sent, with their declared MD5s; none for other bodies. */
    static List<UploadService.DirectUpload> files(HttpRequest request) {
        if (!request.mediaType().startsWith("multipart/")) {
            return List.of();
        }
        List<Part> parts = request.parts().stream()
                .filter(part -> part.name().equals("file") || part.name().equals("file[]")).toList();
        if (parts.size() > MAX_FILES) {
            throw new ApiError(400, "bad_parameter_file", "Invalid file name: one request uploads at most "
                    + MAX_FILES + " files; send the others with further adds", "file");
        }
        List<String> md5s = request.params().all("md5");
        if (md5s.size() > parts.size()) {
            throw new ApiError(400, "bad_parameter_md5", "md5 was given " + md5s.size() + " times for "
                    + parts.size() + " files: the i-th md5 is the i-th file's", "md5");
        }
        List<UploadService.DirectUpload> files = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Optional<String> md5 = i < md5s.size() ? Optional.ofNullable(md5s.get(i)) : Optional.empty();
            files.add(new UploadService.DirectUpload(part.fileName().orElse(null), part.contentType(), md5,
                    UploadValidation.Md5Check.IF_DECLARED, Optional.empty(), Optional.empty(), part.content()));
        }
        return files;
    }

    /**
     * An invited contributor (or the owner) adds its own images: the multipart body's {@code file} parts, uploaded
     * through the same verified path as the gallery's add (damaged or foreign files refused, nothing stored then),
     * once the caller is known to be a contributor, so that nobody else stores anything.
     */
    GalleryView contribute(HttpRequest request, Caller caller, String name) {
        galleries.requireContributor(caller, name);
        List<UploadService.DirectUpload> files = files(request);
        if (files.isEmpty()) {
            throw new ApiError(400, "bad_parameter_file", "Send the images as file parts of a multipart body",
                    "file");
        }
        return render(request, withFiles(files, List.of(), ids -> galleries.contribute(caller, name, ids),
                admitted -> uploads.get().uploadAllAdmitted(caller, admitted)));
    }

    /** A contributor removes an image it added; the owner any. */
    void removeContribution(Caller caller, String name, String imageId) {
        galleries.removeContribution(caller, name, imageId);
    }

    GalleryView edit(HttpRequest request, Caller caller, String name) {
        Params p = request.params();
        // The gallery API's edit replaces the image list when it names images; Loupe's order only moves them.
        Optional<List<String>> images = p.all("image").isEmpty() ? Optional.empty()
                : Optional.of(ids(p, "image", caller.projectId()));
        return render(request, galleries.edit(caller, name, p.text("token"), new GalleryService.EditCommand(
                p.first("title"), images, ids(p, "order", caller.projectId()), settings(p))));
    }

    GalleryView.Deleted delete(HttpRequest request, Caller caller, String name) {
        galleries.delete(caller, name, request.params().text("token"));
        return GalleryView.Deleted.INSTANCE;
    }

    GalleryView deleteImage(HttpRequest request, Caller caller, String name, Optional<String> imageId) {
        return render(request, galleries.deleteImage(caller, name,
                request.params().text("token"), imageId));
    }

    /** gallery_list: {@code start} from 0, {@code limit} 20 by default and at most 100 (more is read as 100). */
    GalleryView.ListView list(HttpRequest request, Caller caller) {
        Params p = request.params();
        int start = number(p, "start").orElse(0);
        int limit = Math.min(MAX_LIMIT, number(p, "limit").orElse(DEFAULT_LIMIT));
        if (limit < 1) {
            throw new ApiError(400, "bad_parameter_limit", "limit must be 1 to " + MAX_LIMIT, "limit");
        }
        var list = galleries.list(caller, p.text("user"), start, limit);
        return GalleryView.ListView.of(list, request.baseUrl());
    }

    /** The project's newest public galleries: {@code limit} (20, at most 100) and {@code cursor} from the last page. */
    GalleryView.NewestView newest(HttpRequest request, Caller caller) {
        Params p = request.params();
        int limit = Math.min(MAX_LIMIT, number(p, "limit").orElse(DEFAULT_LIMIT));
        if (limit < 1) {
            throw new ApiError(400, "bad_parameter_limit", "limit must be 1 to " + MAX_LIMIT, "limit");
        }
        Optional<String> after = p.text("cursor").map(GalleryCalls::cursorKey);
        var page = galleries.newest(caller.projectId(), after, limit);
        return GalleryView.NewestView.of(page.galleries(), page.next().map(GalleryCalls::cursorOf),
                request.baseUrl());
    }

    /**
     * Search of the project's public galleries by title: {@code q} (required), {@code limit} and {@code cursor} as
     * {@link #newest}; the answer has the same shape.
     */
    static GalleryView.NewestView search(GallerySearch search, HttpRequest request, Caller caller) {
        Params p = request.params();
        int limit = Math.min(MAX_LIMIT, number(p, "limit").orElse(DEFAULT_LIMIT));
        if (limit < 1) {
            throw new ApiError(400, "bad_parameter_limit", "limit must be 1 to " + MAX_LIMIT, "limit");
        }
        Optional<String> after = p.text("cursor").map(GalleryCalls::cursorKey);
        var page = search.search(caller.projectId(), p.first("q").orElse(null), after,
                limit);
        return GalleryView.NewestView.of(page.galleries(), page.next().map(GalleryCalls::cursorOf),
                request.baseUrl());
    }

    /**
     * The slideshow settings of create and edit: {@code description}, {@code security} (public, unlisted, private,
     * password) with {@code password}, {@code cover} (an image id), {@code caption[<image id>]} (or a JSON object
     * {@code captions}), and the player's {@code player_interval}, {@code player_transition} (fade, slide, none),
     * {@code player_loop}, {@code player_shuffle}, {@code player_captions}, {@code player_theme} (dark, light).
     */
    static GalleryService.Settings settings(Params p) {
        Map<String, String> captions = new LinkedHashMap<>(p.keyed("captions"));
        captions.putAll(p.keyed("caption"));
        return new GalleryService.Settings(p.first("description"),
                p.text("security").map(v -> Security.of(v).orElseThrow(() -> new ApiError(400,
                        "bad_parameter_security", "security is public, unlisted, private or password", "security"))),
                p.first("password"), p.integer("player_interval", PlayerSetup.MIN_INTERVAL, PlayerSetup.MAX_INTERVAL),
                p.text("player_transition").map(v -> choice(v, "player_transition", PlayerSetup.Transition::of,
                        "fade, slide or none")),
                p.bool("player_loop"), p.bool("player_shuffle"), p.bool("player_captions"),
                p.text("player_theme").map(v -> choice(v, "player_theme", PlayerSetup.Theme::of, "dark or light")),
                p.first("cover"), captions);
    }

    private static <T> T choice(String value, String param, java.util.function.Function<String, T> parse,
                                String allowed) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_parameter_" + param, param + " is " + allowed, param);
        }
    }

    /** The cursor is opaque to clients: the index position, base64url. */
    static String cursorOf(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String cursorKey(String cursor) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!position.matches("[0-9T:.Z-]+#[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                throw new IllegalArgumentException(position);
            }
            return position;
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_parameter_cursor", "cursor is not one this API handed out", "cursor");
        }
    }

    /** The gallery name from the path, or the gallery API's {@code g}. */
    static String name(HttpRequest request) {
        return request.pathParameter("name").or(() -> request.params().text("g"))
                .orElseThrow(() -> new ApiError(400, "bad_parameter_g", "g (the gallery's name) is required", "g"));
    }

    private GalleryView render(HttpRequest request, GalleryService.Result result) {
        return GalleryView.of(result, request.baseUrl(), links);
    }

    /**
     * Image ids as repeated parameters ({@code image[]=a&image[]=b}), a JSON array, or one comma-separated value.
     * The gallery API's form {@code server/bucket/name;width;height;thumbnail} is read too, mapped so: {@code server}
     * is the project (it must be the caller's: "you can add your personal images only"), {@code bucket} the image id,
     * {@code name} its file name; the width, the height and the thumbnail flag describe the file, and Loupe answers
     * the image's own (it knows its size and always makes thumbnails), so they are checked for form only.
     */
    static List<String> ids(Params params, String name, String projectId) {
        return params.all(name).stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).map(v -> imageIdOf(v, name, projectId)).toList();
    }

    private static String imageIdOf(String value, String param, String projectId) {
        String[] fields = value.split(";", -1);
        if (fields.length > 4 || !sizeField(fields, 1) || !sizeField(fields, 2) || !thumbnailField(fields)) {
            throw badImageValue(value, param, "the form is server/bucket/name;width;height;thumbnail, with whole "
                    + "numbers for width and height and y or n for thumbnail");
        }
        String[] path = fields[0].split("/", -1);
        if (path.length == 1) {
            return plausible(path[0], param);
        }
        if (path.length != 3 || path[1].isBlank() || path[2].isBlank()) {
            throw badImageValue(value, param, "an image is its id, or server/bucket/name as a gallery file names it");
        }
        if (!path[0].equals(projectId)) {
            throw badImageValue(value, param, "its server is not this project; only the project's own images can "
                    + "be shown");
        }
        return plausible(path[1], param);
    }

    /** An id that no image could have (Ids.plausible: length and alphabet) is a 400 here, before any key is read. */
    private static String plausible(String id, String param) {
        if (!Ids.plausible(id)) {
            throw new ApiError(400, "bad_parameter_file", "Invalid file name: an image id is 1 to 64 letters, "
                    + "digits, '-' or '_'.", param);
        }
        return id;
    }

    private static boolean sizeField(String[] fields, int index) {
        return fields.length <= index || fields[index].isEmpty() || fields[index].matches("[1-9][0-9]{0,6}");
    }

    private static boolean thumbnailField(String[] fields) {
        return fields.length <= 3 || fields[3].isEmpty()
                || List.of("y", "n", "yes", "no", "true", "false", "1", "0").contains(fields[3].toLowerCase(Locale.ROOT));
    }

    private static ApiError badImageValue(String value, String param, String why) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new ApiError(400, "bad_parameter_file", "Invalid file name " + shown + ": " + why + ".", param);
    }

    private static Optional<Integer> number(Params params, String name) {
        Optional<String> raw = params.text(name);
        try {
            Optional<Integer> value = raw.map(Integer::parseInt);
            if (value.isPresent() && value.get() < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_parameter_" + name, name + " must be a whole number, 0 or more", name);
        }
    }
}
