package dev.loupe.gallery.page;

/**
 * The snippet that shows a gallery's player on another site: a wrapper that keeps the player's aspect ratio at any
 * width up to its own (a phone gets the whole column, not a fixed 640x480 box with black bars), with the iframe
 * filling it. Fullscreen is granted by {@code allow="fullscreen"} alone: with {@code allowfullscreen} beside it,
 * Chromium warns that the allow attribute takes precedence.
 */
public final class EmbedCode {
    private EmbedCode() {}

    public static String of(String playerUrl, int width, int height, String title) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("width and height must be positive");
        String label = title == null || title.isBlank() ? "Slideshow" : title;
        return "<div style=\"position:relative;width:100%;max-width:" + width + "px;aspect-ratio:" + width + "/" + height
                + "\"><iframe src=\"" + Html.url(playerUrl) + "\" title=\"" + Html.text(label)
                + "\" loading=\"lazy\" allow=\"fullscreen\""
                + " style=\"position:absolute;inset:0;width:100%;height:100%;border:0\"></iframe></div>";
    }
}
