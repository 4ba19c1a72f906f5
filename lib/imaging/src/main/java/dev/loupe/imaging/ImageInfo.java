package dev.loupe.imaging;

import dev.loupe.imaging.ImageType;
import java.util.Optional;

/**
 * What an image's header says: its format ("jpeg", "png", "gif", "webp", "tiff", "bmp", "heif", "svg"...), the size
 * of one page as stored, how many pages (frames of an animation, pages of a TIFF; 1 for most files), and its EXIF
 * orientation (1, upright, when it has none).
 */
public record ImageInfo(String format, int width, int height, int pages, int orientation) {

    public ImageInfo {
        if (orientation < 1 || orientation > 8) {
            orientation = 1; // libvips reads the tag as it is; a value EXIF doesn't define turns nothing
        }
    }

    /** Without orientation: upright. */
    public ImageInfo(String format, int width, int height, int pages) {
        this(format, width, height, pages, 1);
    }

    /** Pixels that decoding every page would produce. */
    public long pixels() {
        return pagePixels() * pages;
    }

    /**
     * Pixels that loading the image decodes, the number the pixel limit is checked against on every path: every
     * frame of an animated GIF or WebP (the processing tools keep them all, and a stored animation may go to them),
     * the first page of anything else (a multi-page TIFF gives its first page everywhere).
     */
    public long decodedPixels() {
        return animated() ? pixels() : pagePixels();
    }

    /** A GIF or WebP of several frames: an animation, whose frames are all decoded when it is processed. */
    public boolean animated() {
        return pages > 1 && (format.equals("gif") || format.equals("webp"));
    }

    /** Pixels of one page: what decoding the first frame (as a thumbnail does) produces. */
    public long pagePixels() {
        return (long) width * height;
    }

    /** Orientations 5 to 8 turn the image by a quarter: it is shown with width and height swapped. */
    public boolean turnsQuarter() {
        return orientation >= 5;
    }

    /** The width people see, once the EXIF orientation is applied (as thumbnails are). */
    public int displayWidth() {
        return turnsQuarter() ? height : width;
    }

    public int displayHeight() {
        return turnsQuarter() ? width : height;
    }

    /** The format as one of the six the image library accepts; empty for the others libvips reads (HEIF, SVG...). */
    public Optional<ImageType> type() {
        return switch (format) {
            case "jpeg", "uhdr" -> Optional.of(ImageType.JPEG); // uhdr: a JPEG with an HDR gain map (Ultra HDR)
            case "png" -> Optional.of(ImageType.PNG);
            case "gif" -> Optional.of(ImageType.GIF);
            case "webp" -> Optional.of(ImageType.WEBP);
            case "tiff" -> Optional.of(ImageType.TIFF);
            case "bmp" -> Optional.of(ImageType.BMP);
            default -> Optional.empty();
        };
    }

    /** libvips names its loaders "jpegload_buffer", "pngload_buffer"...: the format is the part before "load". */
    public static String formatOfLoader(String loader) {
        if (loader == null) {
            return "unknown";
        }
        int end = loader.indexOf("load");
        return end > 0 ? loader.substring(0, end) : loader;
    }
}
