package dev.loupe.imaging.tools;

import dev.loupe.imaging.Vips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The task API's watermark font families ({@code font_family}), each rendered with an open font that stands in for
 * it: Lambda has no system fonts, and the originals can't be shipped. The build fetches these fonts
 * (lib/imaging/fetch-fonts.sh) next to libvips; fontconfig sees those and no others ({@link #configure}).
 *
 * <p>Liberation Sans, Serif and Mono have the metrics of Arial, Times New Roman and Courier New, so text takes the
 * same room; DejaVu Sans descends from Bitstream Vera, Verdana's look-alike; Comic Neue was drawn after Comic Sans.
 * The task API's CJK and Hindi fonts become Noto Sans SC (with Noto Sans KR for Hangul) and Noto Sans Devanagari.
 * Characters a font lacks come from the families after it in its Pango list (DejaVu Sans for the Arabic that the
 * task API promises in Arial, Courier and Times New Roman), then from any other shipped font that has them.
 */
public enum WatermarkFont {
    // The task API lists Arial, Courier and Times New Roman for Arabic too: DejaVu Sans has it, Liberation not.
    ARIAL("Arial", "Liberation Sans,DejaVu Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
            "LiberationSans-Italic.ttf"),
    // Arial's letters for Latin (as the original has), then every other script the shipped fonts cover.
    ARIAL_UNICODE_MS("Arial Unicode MS",
            "Liberation Sans,DejaVu Sans,Noto Sans SC,Noto Sans KR,Noto Sans Devanagari",
            "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    VERDANA("Verdana", "DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    COURIER("Courier", "Liberation Mono,DejaVu Sans", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf",
            "LiberationMono-Italic.ttf"),
    TIMES_NEW_ROMAN("Times New Roman", "Liberation Serif,DejaVu Sans", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf"),
    COMIC_SANS_MS("Comic Sans MS", "Comic Neue", "ComicNeue_400Regular.ttf", "ComicNeue_700Bold.ttf",
            "ComicNeue_400Regular_Italic.ttf"),
    // Regular only, as the task API offers it (each weight of Noto Sans SC is 10 MB): Bold and Italic render Regular.
    // Noto Sans SC has Chinese and Japanese; Korean's Hangul comes from Noto Sans KR, as WenQuanYi has all three.
    WENQUANYI_ZEN_HEI("WenQuanYi Zen Hei", "Noto Sans SC,Noto Sans KR", "NotoSansSC_400Regular.ttf",
            "NotoSansSC_400Regular.ttf", "NotoSansSC_400Regular.ttf"),
    // Noto Sans Devanagari has no italic: Italic renders Regular.
    LOHIT_MARATHI("Lohit Marathi", "Noto Sans Devanagari", "NotoSansDevanagari_400Regular.ttf",
            "NotoSansDevanagari_700Bold.ttf", "NotoSansDevanagari_400Regular.ttf");

    /** The task API's {@code font_family} default is a stray "0"; Arial is what its tools show first. */
    public static final WatermarkFont DEFAULT = ARIAL;

    private static volatile boolean configured;

    private final String wire;
    private final String pangoFamilies;
    private final String regularFile;
    private final String boldFile;
    private final String italicFile;

    WatermarkFont(String wire, String pangoFamilies, String regularFile, String boldFile, String italicFile) {
        this.wire = wire;
        this.pangoFamilies = pangoFamilies;
        this.regularFile = regularFile;
        this.boldFile = boldFile;
        this.italicFile = italicFile;
    }

    /** The name as the task API spells it. */
    public String wire() {
        return wire;
    }

    /** The family that renders it (the first of Pango's list: the shipped font's own family name). */
    public String family() {
        return families().getFirst();
    }

    /** The families Pango tries in order, the first one's fallbacks after it. */
    public List<String> families() {
        return List.of(pangoFamilies.split(","));
    }

    /** The font file that renders this family in a style, in {@link #directory()}. */
    public Path file(WatermarkStyle style) {
        return directory().resolve(switch (style) {
            case REGULAR -> regularFile;
            case BOLD -> boldFile;
            case ITALIC -> italicFile;
        });
    }

    /** A Pango font description: families, style and size in points ("Liberation Sans Bold 14"). */
    public String description(WatermarkStyle style, int points) {
        String styleWord = switch (style) {
            case REGULAR -> "";
            case BOLD -> " Bold";
            case ITALIC -> " Italic";
        };
        return pangoFamilies + styleWord + " " + points;
    }

    /** The family a reference name means, ignoring case and surrounding spaces. */
    public static Optional<WatermarkFont> fromWire(String value) {
        String wanted = value.strip();
        return Arrays.stream(values()).filter(f -> f.wire.equalsIgnoreCase(wanted)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WatermarkFont::wire).toList();
    }

    /** Where the shipped fonts and their fontconfig file are: beside libvips ({@link Vips#fontsDirectory()}). */
    public static Path directory() {
        return Vips.fontsDirectory();
    }

    /**
     * Points libvips' fontconfig at the shipped fonts only, once per process and before its first text: fontconfig
     * reads FONTCONFIG_FILE when it starts. Without this it would read the machine's /etc/fonts, which Lambda lacks
     * and which on a build machine would let system fonts stand in for missing ones unnoticed.
     */
    static void configure() {
        if (configured) {
            return;
        }
        synchronized (WatermarkFont.class) {
            if (configured) {
                return;
            }
            Path config = directory().resolve("fonts.conf");
            if (!Files.isRegularFile(config)) {
                throw new IllegalStateException("no fonts at " + directory()
                        + ": the build puts them beside libvips (lib/imaging/fetch-fonts.sh), the layer under /opt/fonts");
            }
            Vips.setenv("FONTCONFIG_FILE", config.toString(), true);
            configured = true;
        }
    }
}
