package dev.loupe.galleries;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.loupe.shared.auth.Authentication;
import dev.loupe.shared.gallery.GalleryService;
import dev.loupe.shared.gallery.GalleryView;
import dev.loupe.shared.http.ApiError;
import dev.loupe.shared.http.HttpRequest;
import dev.loupe.shared.http.Params;
import dev.loupe.shared.library.ImageLinks;

/**
 * Each 001 action once: read the reference's parameters, call the service, build the reference's answer. The routes
 * and the single endpoint both call these, so neither has logic of its own.
 */
final class GalleryCalls {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final GalleryService galleries;
    private final ImageLinks links;

    GalleryCalls(GalleryService galleries, ImageLinks links) {
        this.galleries = galleries;
        this.links = links;
    }

    GalleryView create(HttpRequest request) {
        Params p = request.params();
        var created = galleries.create(Authentication.caller(request), new GalleryService.CreateCommand(
                p.first("title"), p.text("name"), p.text("token"), ids(p, "image")));
        return render(request, created);
    }

    GalleryView view(HttpRequest request, String name) {
        return render(request, galleries.view(Authentication.caller(request), name, request.params().text("token")));
    }

    GalleryView add(HttpRequest request, String name) {
        Params p = request.params();
        return render(request, galleries.add(Authentication.caller(request), name, p.text("token"), ids(p, "image")));
    }

    GalleryView edit(HttpRequest request, String name) {
        Params p = request.params();
        return render(request, galleries.edit(Authentication.caller(request), name, p.text("token"),
                new GalleryService.EditCommand(p.first("title"), ids(p, "order"))));
    }

    GalleryView.Deleted delete(HttpRequest request, String name) {
        galleries.delete(Authentication.caller(request), name, request.params().text("token"));
        return GalleryView.Deleted.INSTANCE;
    }

    GalleryView deleteImage(HttpRequest request, String name, Optional<String> imageId) {
        return render(request, galleries.deleteImage(Authentication.caller(request), name,
                request.params().text("token"), imageId));
    }

    /** gallery_list: {@code start} from 0, {@code limit} 20 by default and at most 100 (more is read as 100). */
    GalleryView.ListView list(HttpRequest request) {
        Params p = request.params();
        int start = number(p, "start").orElse(0);
        int limit = Math.min(MAX_LIMIT, number(p, "limit").orElse(DEFAULT_LIMIT));
        if (limit < 1) {
            throw new ApiError(400, "bad_parameter_limit", "limit must be 1 to " + MAX_LIMIT, "limit");
        }
        var list = galleries.list(Authentication.caller(request), p.text("user"), start, limit);
        return GalleryView.ListView.of(list, request.baseUrl());
    }

    /** The gallery name from the path, or the reference's {@code g}. */
    static String name(HttpRequest request) {
        return request.pathParameter("name").or(() -> request.params().text("g"))
                .orElseThrow(() -> new ApiError(400, "bad_parameter_g", "g (the gallery's name) is required", "g"));
    }

    private GalleryView render(HttpRequest request, GalleryService.Result result) {
        return GalleryView.of(result, request.baseUrl(), links);
    }

    /**
     * Image ids as repeated parameters ({@code image[]=a&image[]=b}), a JSON array, or one comma-separated value.
     * The reference's form {@code server/bucket/name;width;height;thumb} is read too: a file's {@code bucket} is the
     * image id (the project is the caller's anyway), and the sizes are the image's own.
     */
    static List<String> ids(Params params, String name) {
        return params.all(name).stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .map(v -> v.split(";", 2)[0]).map(GalleryCalls::imageIdOf).filter(s -> !s.isEmpty()).toList();
    }

    private static String imageIdOf(String value) {
        String[] parts = value.split("/");
        return parts.length == 3 ? parts[1] : value;
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
