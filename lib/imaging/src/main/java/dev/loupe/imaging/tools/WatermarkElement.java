package dev.loupe.imaging.tools;

/**
 * One element to stamp, with the task API's parameters ({@code elements[]} of watermarkimage) and its defaults
 * ({@link #text(String)}). Values are checked where they are parsed ({@link WatermarkOptions}).
 *
 * @param image the server_filename of an uploaded JPG or PNG (type image)
 * @param verticalAdjustmentPercent moves the element down (up when negative) by this percent of the image's height
 * @param horizontalAdjustmentPercent moves it right (left when negative) by this percent of the image's width
 * @param rotation degrees clockwise, 0 to 360
 * @param fontSize in points at 72 dpi: pixels of the image
 * @param fontColor 0xRRGGBB
 * @param transparency the task API's name for opacity: 100 opaque, 1 nearly invisible
 * @param mosaic nine copies in a 3x3 grid, each centred in its cell, instead of one at gravity
 */
public record WatermarkElement(
        Type type,
        String text,
        String image,
        WatermarkGravity gravity,
        int verticalAdjustmentPercent,
        int horizontalAdjustmentPercent,
        int rotation,
        WatermarkFont fontFamily,
        WatermarkStyle fontStyle,
        int fontSize,
        int fontColor,
        int transparency,
        boolean mosaic) {

    public enum Type { TEXT, IMAGE }

    public static final int DEFAULT_FONT_SIZE = 14;
    public static final int DEFAULT_TRANSPARENCY = 100;

    /** Programming errors only: requests are checked, with the parameter's name, by {@link WatermarkOptions}. */
    public WatermarkElement {
        if (type == Type.TEXT ? text == null || text.isBlank() : image == null || image.isBlank()) {
            throw new IllegalArgumentException("a " + type + " element needs its " + type.name().toLowerCase());
        }
        if (rotation < 0 || rotation > 360 || transparency < 1 || transparency > 100 || fontSize < 1
                || Math.abs(verticalAdjustmentPercent) > WatermarkOptions.MAX_ADJUSTMENT
                || Math.abs(horizontalAdjustmentPercent) > WatermarkOptions.MAX_ADJUSTMENT
                || (fontColor & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("out of range: " + this);
        }
    }

    /** A text element with the task API's defaults. */
    public static WatermarkElement text(String text) {
        return new WatermarkElement(Type.TEXT, text, null, WatermarkGravity.DEFAULT, 0, 0, 0, WatermarkFont.DEFAULT,
                WatermarkStyle.REGULAR, DEFAULT_FONT_SIZE, 0x000000, DEFAULT_TRANSPARENCY, false);
    }

    /** An image element with the task API's defaults. */
    public static WatermarkElement image(String serverFilename) {
        return new WatermarkElement(Type.IMAGE, null, serverFilename, WatermarkGravity.DEFAULT, 0, 0, 0,
                WatermarkFont.DEFAULT, WatermarkStyle.REGULAR, DEFAULT_FONT_SIZE, 0x000000, DEFAULT_TRANSPARENCY, false);
    }

    public WatermarkElement withGravity(WatermarkGravity value) {
        return new WatermarkElement(type, text, image, value, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                rotation, fontFamily, fontStyle, fontSize, fontColor, transparency, mosaic);
    }

    public WatermarkElement withAdjustments(int verticalPercent, int horizontalPercent) {
        return new WatermarkElement(type, text, image, gravity, verticalPercent, horizontalPercent,
                rotation, fontFamily, fontStyle, fontSize, fontColor, transparency, mosaic);
    }

    public WatermarkElement withRotation(int value) {
        return new WatermarkElement(type, text, image, gravity, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                value, fontFamily, fontStyle, fontSize, fontColor, transparency, mosaic);
    }

    public WatermarkElement withFont(WatermarkFont family, WatermarkStyle style, int size) {
        return new WatermarkElement(type, text, image, gravity, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                rotation, family, style, size, fontColor, transparency, mosaic);
    }

    public WatermarkElement withFontColor(int rgb) {
        return new WatermarkElement(type, text, image, gravity, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                rotation, fontFamily, fontStyle, fontSize, rgb, transparency, mosaic);
    }

    public WatermarkElement withTransparency(int value) {
        return new WatermarkElement(type, text, image, gravity, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                rotation, fontFamily, fontStyle, fontSize, fontColor, value, mosaic);
    }

    public WatermarkElement withMosaic(boolean value) {
        return new WatermarkElement(type, text, image, gravity, verticalAdjustmentPercent, horizontalAdjustmentPercent,
                rotation, fontFamily, fontStyle, fontSize, fontColor, transparency, value);
    }
}
