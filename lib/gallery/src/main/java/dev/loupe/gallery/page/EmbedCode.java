package dev.loupe.gallery.page;

/** The iframe snippet that shows a gallery's player on another site. */
public final class EmbedCode {
    private EmbedCode() {}

    public static String of(String playerUrl, int width, int height, String title) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("width and height must be positive");
        String label = title == null || title.isBlank() ? "Slideshow" : title;
        return "<iframe src=\"" + Html.url(playerUrl) + "\" width=\"" + width + "\" height=\"" + height
                + "\" title=\"" + Html.text(label) + "\" loading=\"lazy\" allowfullscreen"
                + " allow=\"fullscreen\" style=\"border:0;max-width:100%\"></iframe>";
    }
}
