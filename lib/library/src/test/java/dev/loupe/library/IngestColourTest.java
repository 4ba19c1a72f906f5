package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.imaging.ColourInputs;
import dev.loupe.imaging.ColourInputs.Kind;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.imaging.Rendition;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The colour test's ingest path (docs/DESIGN.md, "Colour"; the tools are lib/imaging's ColourTest): the thumbnails
 * an upload gets, at every size, and its renditions, at every width, show what a browser shows for the original, within a mean difference of 4 of 255
 * from ImageMagick's resize of the sRGB decode, written as a JPEG of the same quality, for CMYK (with and without a
 * profile), 16-bit, alpha (flattened on white) and EXIF-rotated inputs.
 */
class IngestColourTest {
    private static final double BOUND = 4;
    /** IngestService's JPEG quality for thumbnails, and ImagingEngine's for JPEG renditions. */
    private static final int THUMBNAIL_QUALITY = 82;
    private static final int RENDITION_QUALITY = 82;

    private static ColourInputs inputs;

    @BeforeAll
    static void makeInputs() {
        assumeTrue(ColourInputs.magickInstalled(), "ImageMagick is not installed at /usr/bin/convert (Debian "
                + "package imagemagick, which .ci/run installs): the colour test needs its references");
        inputs = new ColourInputs();
    }

    @AfterAll
    static void removeInputs() {
        if (inputs != null) {
            inputs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thumbnailsShowWhatABrowserShows(Kind kind) {
        byte[] bytes = inputs.bytes(kind);
        // prepare reads no store: the thumbnails are made before anything is written.
        IngestService ingest = new IngestService(null, new ImagingEngine(), Clock.systemUTC());
        Map<Integer, byte[]> thumbnails = ingest.prepare("in." + kind.extension, Optional.empty(), Optional.empty(),
                UploadValidation.Md5Check.IF_DECLARED, bytes).thumbnails();
        assertThat(thumbnails.keySet()).containsExactlyElementsOf(IngestService.THUMBNAIL_SIZES);

        List<Integer> sizes = IngestService.THUMBNAIL_SIZES;
        List<BufferedImage> references = inputs.references(kind, sizes.stream().map(size ->
                new ColourInputs.Operation("jpg", THUMBNAIL_QUALITY, List.of("-resize", size + "x" + size + ">")))
                .toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < sizes.size(); i++) {
            double difference = ColourInputs.meanDifference(ColourInputs.flattened(thumbnails.get(sizes.get(i))),
                    references.get(i));
            System.out.printf("colour %-13s %-28s %.2f%n", kind, "ingest thumbnail " + sizes.get(i), difference);
            softly.assertThat(difference).as(kind + " thumbnail " + sizes.get(i)).isLessThanOrEqualTo(BOUND);
        }
        softly.assertAll();
    }

    /**
     * The renditions come from the same upright sRGB decode in three encoders; the JPEGs are compared (ImageIO can't
     * read AVIF or WebP), at every width the ingest makes for the input (never wider than it).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void renditionsShowWhatABrowserShows(Kind kind) {
        IngestService ingest = new IngestService(null, new ImagingEngine(), Clock.systemUTC());
        List<Rendition> jpegs = ingest.renditions(inputs.bytes(kind)).renditions().stream()
                .filter(r -> r.format() == Rendition.Format.JPEG).toList();
        assertThat(jpegs).isNotEmpty();

        List<BufferedImage> references = inputs.references(kind, jpegs.stream().map(r ->
                new ColourInputs.Operation("jpg", RENDITION_QUALITY, List.of("-resize", r.width() + "x"))).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < jpegs.size(); i++) {
            double difference = ColourInputs.meanDifference(ColourInputs.flattened(jpegs.get(i).bytes()),
                    references.get(i));
            System.out.printf("colour %-13s %-28s %.2f%n", kind, "rendition " + jpegs.get(i).width(), difference);
            softly.assertThat(difference).as(kind + " rendition " + jpegs.get(i).width()).isLessThanOrEqualTo(BOUND);
        }
        softly.assertAll();
    }
}
