package dev.loupe.client;

import java.util.List;

/**
 * A gallery as the gallery API answers it.
 *
 * @param updated when it last changed, in Unix seconds
 * @param server  the project's id
 * @param cover   the cover image's library id, or null
 */
public record Gallery(int version, long updated, String server, String name, String title, Uploader uploader,
        Files files, Links links, String description, String security, int views, String cover, Player player,
        Integer commentCount, Double rating, Integer ratingCount) {

    /** The gallery's images in their order (none: an empty list). */
    public List<File> images() {
        return files == null || files.file() == null ? List.of() : files.file();
    }

    /** @param token the owner token: only in the answer to the gallery's creator */
    public record Uploader(String username, String token) {
    }

    public record Files(int total, List<File> file) {
    }

    /** @param bucket the library image's id */
    public record File(String server, String name, String bucket, Boolean thumbnail, int width, int height,
            String imageUrl, String thumbnailUrl, String caption) {
    }

    public record Links(String galleryUrl, String playerUrl, String embedCode) {
    }

    public record Player(Integer interval, String transition, Boolean loop, Boolean shuffle, Boolean captions,
            String theme) {
    }
}
