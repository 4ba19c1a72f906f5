package dev.loupe.gallery;

import java.util.List;

import dev.loupe.core.http.ApiError;
import dev.loupe.library.Image;
import dev.loupe.library.ImageService;

/**
 * The usage records a gallery leaves in the library: each image it shows carries one ({@code gallery}, the gallery's
 * name, its title, a link), so that image details list the galleries. They are written before the gallery shows the
 * image and removed after it stops, so that a gallery never shows an image whose record lacks it.
 */
final class GalleryUsages {
    static final String FEATURE = "gallery";

    private final ImageService library;

    GalleryUsages(ImageService library) {
        this.library = library;
    }

    /** An image deleted since it was checked is, to the caller, the same bad file as one that never existed. */
    void record(String projectId, String imageId, String name, String title) {
        try {
            library.recordUsage(projectId, imageId, FEATURE, name, title, link(name));
        } catch (ApiError e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new ApiError(400, "bad_parameter_file", "Invalid file name " + imageId
                    + ": no active or archived image of this project has this id", "image");
        }
    }

    void recordAll(Gallery gallery, List<Image> files) {
        for (Image file : files) {
            record(gallery.projectId(), file.imageId(), gallery.name(), gallery.title());
        }
    }

    void remove(String projectId, String imageId, String name) {
        library.removeUsage(projectId, imageId, FEATURE, name);
    }

    /** The usage records name the gallery by its title: a new title is written to each, after the gallery. */
    void refreshNames(Gallery gallery) {
        for (String id : gallery.imageIds()) {
            try {
                record(gallery.projectId(), id, gallery.name(), gallery.title());
            } catch (ApiError gone) {
                // An image deleted meanwhile has no usage to rename: its usages were marked image_deleted.
            }
        }
    }

    private static String link(String name) {
        return "/v1/galleries/" + name;
    }
}
