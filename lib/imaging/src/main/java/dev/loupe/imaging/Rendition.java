package dev.loupe.imaging;

/** One encoded copy of an image at a width, in one format: what a page's srcset and picture sources offer. */
public record Rendition(int width, int height, Format format, byte[] bytes) {

    /** The formats renditions are made in; browsers take the first they support from a picture's sources. */
    public enum Format {
        AVIF("avif", "image/avif"),
        WEBP("webp", "image/webp"),
        JPEG("jpg", "image/jpeg");

        private final String extension;
        private final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }

        public String extension() {
            return extension;
        }

        public String mediaType() {
            return mediaType;
        }
    }
}
