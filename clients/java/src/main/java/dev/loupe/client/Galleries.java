package dev.loupe.client;

import static dev.loupe.client.Transport.params;
import static dev.loupe.client.Transport.segment;

import java.util.List;
import java.util.Map;

/** The gallery API: galleries of library images, by name. Obtained from {@link LoupeClient#galleries()}. */
public final class Galleries {
    private final Transport transport;

    Galleries(Transport transport) {
        this.transport = transport;
    }

    /**
     * A new gallery of library images.
     *
     * @param name     a name of the caller's choice, or null for one made up
     * @param title    its title, or null
     * @param imageIds library image ids, in order (may be empty)
     */
    public Gallery create(String name, String title, List<String> imageIds) {
        return transport.read(transport.json("POST", "/v1/galleries",
                params("name", name, "title", title, "image", imageIds.isEmpty() ? null : List.copyOf(imageIds)),
                false), Gallery.class);
    }

    /** The first page of the caller's user's galleries. */
    public GalleryList list() {
        return list(null, 0, null);
    }

    /**
     * A page of a user's galleries.
     *
     * @param user  whose (null: the caller's user)
     * @param start how many to skip
     * @param limit the page size, or null for the server's
     */
    public GalleryList list(String user, int start, Integer limit) {
        return transport.read(transport.get("/v1/galleries", params("user", user, "start", start > 0 ? start : null,
                "limit", limit)), GalleryList.class);
    }

    public Gallery show(String name) {
        return transport.read(transport.get("/v1/galleries/" + segment(name), Map.of()), Gallery.class);
    }

    public Gallery edit(String name, GalleryChanges changes) {
        return transport.read(transport.json("PATCH", "/v1/galleries/" + segment(name), changes.fields(), false),
                Gallery.class);
    }

    /** Deletes the gallery (the library's images stay). */
    public void delete(String name) {
        transport.exchange(transport.delete("/v1/galleries/" + segment(name), Map.of()));
    }

    /** Adds library images at the end. */
    public Gallery addImages(String name, List<String> imageIds) {
        return transport.read(transport.json("POST", "/v1/galleries/" + segment(name) + "/images",
                Map.of("image", List.copyOf(imageIds)), false), Gallery.class);
    }

    /** Takes one image out of the gallery (it stays in the library). */
    public Gallery removeImage(String name, String imageId) {
        return transport.read(transport.delete("/v1/galleries/" + segment(name) + "/images/" + segment(imageId),
                Map.of()), Gallery.class);
    }
}
