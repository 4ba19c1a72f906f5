package dev.loupe.shared.imaging;

/**
 * What an image's header says: its format ("jpeg", "png", "gif", "webp", "tiff", "heif", "svg"...), the size of one
 * page, and how many pages (frames of an animation, pages of a TIFF; 1 for most files).
 */
public record ImageInfo(String format, int width, int height, int pages) {

    /** Pixels that decoding every page would produce: what the pixel-bomb guard limits. */
    public long pixels() {
        return (long) width * height * pages;
    }

    /** libvips names its loaders "jpegload_buffer", "pngload_buffer"...: the format is the part before "load". */
    static String formatOfLoader(String loader) {
        if (loader == null) {
            return "unknown";
        }
        int end = loader.indexOf("load");
        return end > 0 ? loader.substring(0, end) : loader;
    }
}
