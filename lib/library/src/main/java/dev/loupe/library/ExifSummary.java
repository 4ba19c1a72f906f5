package dev.loupe.library;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.ByteArrayInputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The EXIF facts the image library keeps: camera, lens, when the photo was taken, how it is turned, where it was
 * taken. Read with metadata-extractor from any of the six formats; a file without EXIF, or with EXIF too broken to
 * read, gives {@link #EMPTY}, and a single bad field is left out rather than spoiling the rest.
 */
public record ExifSummary(Optional<String> make, Optional<String> model, Optional<String> lens,
                          Optional<Instant> takenAt, Optional<Integer> orientation, Optional<Double> latitude,
                          Optional<Double> longitude, Optional<Double> altitude) {

    public static final ExifSummary EMPTY = new ExifSummary(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    // Strict: a smart resolver would turn "2024:02:30" into the 29th instead of refusing it.
    private static final DateTimeFormatter EXIF_DATE_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    // Some software writes the date with dashes, as ISO does.
    private static final DateTimeFormatter DASHED_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    /** The summary of the file's EXIF; never throws: an odd or hostile file gives {@link #EMPTY}. */
    public static ExifSummary read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
        } catch (Exception e) { // ImageProcessingException, IOException, and whatever a hostile file provokes
            return EMPTY;
        }
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        Optional<GeoLocation> location = location(gps);
        return new ExifSummary(
                text(ifd0, ExifDirectoryBase.TAG_MAKE),
                text(ifd0, ExifDirectoryBase.TAG_MODEL),
                text(exif, ExifDirectoryBase.TAG_LENS_MODEL),
                takenAt(exif),
                orientation(ifd0),
                location.map(GeoLocation::getLatitude),
                location.map(GeoLocation::getLongitude),
                altitude(gps));
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * DateTimeOriginal is the camera's wall-clock time, with no zone. OffsetTimeOriginal (EXIF 2.31) gives its offset
     * when the camera wrote one; without it the local time is taken as UTC, as if the camera's clock were set to UTC:
     * the true instant is unknowable, and UTC at least keeps the date and time that the camera shows.
     */
    private static Optional<Instant> takenAt(ExifSubIFDDirectory exif) {
        Optional<String> original = text(exif, ExifDirectoryBase.TAG_DATETIME_ORIGINAL);
        if (original.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(original.get(),
                    original.get().indexOf('-') == 4 ? DASHED_DATE_TIME : EXIF_DATE_TIME);
        } catch (DateTimeParseException e) { // "0000:00:00 00:00:00" and the like: no date
            return Optional.empty();
        }
        Optional<String> subSeconds = text(exif, ExifDirectoryBase.TAG_SUBSECOND_TIME_ORIGINAL)
                .filter(s -> s.matches("[0-9]{1,9}"));
        if (subSeconds.isPresent()) {
            local = local.withNano(Integer.parseInt((subSeconds.get() + "00000000").substring(0, 9)));
        }
        ZoneOffset offset = text(exif, ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL).flatMap(ExifSummary::offset)
                .orElse(ZoneOffset.UTC);
        return Optional.of(local.toInstant(offset));
    }

    private static Optional<ZoneOffset> offset(String text) {
        try {
            return Optional.of(ZoneOffset.of(text));
        } catch (DateTimeException e) { // an offset that isn't one ("   :  " from cameras that never set it)
            return Optional.empty();
        }
    }

    /** 1 to 8 as EXIF defines them; anything else is no orientation. */
    private static Optional<Integer> orientation(ExifIFD0Directory ifd0) {
        if (ifd0 == null) {
            return Optional.empty();
        }
        Integer value = ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
        return value != null && value >= 1 && value <= 8 ? Optional.of(value) : Optional.empty();
    }

    /** Latitude and longitude in degrees; (0, 0) is what cameras write without a fix, so it counts as none. */
    private static Optional<GeoLocation> location(GpsDirectory gps) {
        if (gps == null) {
            return Optional.empty();
        }
        GeoLocation location = gps.getGeoLocation();
        if (location == null || location.isZero()
                || !(Math.abs(location.getLatitude()) <= 90) || !(Math.abs(location.getLongitude()) <= 180)) {
            return Optional.empty();
        }
        return Optional.of(location);
    }

    /** Metres above sea level; GPSAltitudeRef 1 means below it. */
    private static Optional<Double> altitude(GpsDirectory gps) {
        if (gps == null) {
            return Optional.empty();
        }
        Rational altitude = gps.getRational(GpsDirectory.TAG_ALTITUDE);
        if (altitude == null || altitude.getDenominator() == 0) {
            return Optional.empty();
        }
        Integer ref = gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF);
        double metres = altitude.doubleValue();
        return Optional.of(ref != null && ref == 1 ? -metres : metres);
    }

    /** A string tag without the NULs and padding cameras leave in fixed-size fields; blank is absent. */
    private static Optional<String> text(Directory directory, int tag) {
        if (directory == null) {
            return Optional.empty();
        }
        String value = directory.getString(tag);
        if (value == null) {
            return Optional.empty();
        }
        String clean = value.replaceAll("\\p{Cntrl}", "").strip();
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }
}
