package dev.loupe.imaging.tools;

/**
 * What a tool made of one file (or, for gif_animation, of several): the encoded bytes, the extension of their
 * format without a dot ("jpg", "png", "gif", "webp", "tiff"...) and the pixel size of the result.
 */
public record ToolOutput(byte[] bytes, String extension, int width, int height) {
}
