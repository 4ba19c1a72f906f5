package dev.loupe.library;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes EXIF by hand, so tests control every field: a TIFF structure (header, IFD0, the EXIF sub-IFD and the GPS
 * IFD, each entry 12 bytes with values over 4 bytes stored after the IFD), wrapped as a JPEG APP1 segment or a PNG
 * eXIf chunk.
 */
final class ExifBuilder {
    private static final int BYTE = 1;
    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int EXIF_IFD_POINTER = 0x8769;
    private static final int GPS_IFD_POINTER = 0x8825;

    private final ByteOrder order;
    private final List<Entry> ifd0 = new ArrayList<>();
    private final List<Entry> exif = new ArrayList<>();
    private final List<Entry> gps = new ArrayList<>();

    private record Entry(int tag, int type, int count, byte[] value) {
    }

    ExifBuilder(ByteOrder order) {
        this.order = order;
    }

    ExifBuilder() {
        this(ByteOrder.BIG_ENDIAN);
    }

    ExifBuilder make(String make) {
        ifd0.add(ascii(0x010F, make));
        return this;
    }

    ExifBuilder model(String model) {
        ifd0.add(ascii(0x0110, model));
        return this;
    }

    ExifBuilder orientation(int orientation) {
        ifd0.add(new Entry(0x0112, SHORT, 1, shorts(orientation)));
        return this;
    }

    ExifBuilder dateTimeOriginal(String dateTime) {
        exif.add(ascii(0x9003, dateTime));
        return this;
    }

    ExifBuilder offsetTimeOriginal(String offset) {
        exif.add(ascii(0x9011, offset));
        return this;
    }

    ExifBuilder subSecTimeOriginal(String subSeconds) {
        exif.add(ascii(0x9291, subSeconds));
        return this;
    }

    ExifBuilder lensModel(String lens) {
        exif.add(ascii(0xA434, lens));
        return this;
    }

    /** Degrees, minutes and seconds as the rationals d/1, m/1, s*100/100, with the N/S and E/W references. */
    ExifBuilder gps(double latitude, double longitude) {
        gps.add(new Entry(0x0000, BYTE, 4, new byte[] {2, 3, 0, 0})); // GPSVersionID
        gps.add(ascii(0x0001, latitude < 0 ? "S" : "N"));
        gps.add(new Entry(0x0002, RATIONAL, 3, degreesMinutesSeconds(Math.abs(latitude))));
        gps.add(ascii(0x0003, longitude < 0 ? "W" : "E"));
        gps.add(new Entry(0x0004, RATIONAL, 3, degreesMinutesSeconds(Math.abs(longitude))));
        return this;
    }

    /** Metres; below sea level is GPSAltitudeRef 1 with a positive value. */
    ExifBuilder altitude(double metres) {
        gps.add(new Entry(0x0005, BYTE, 1, new byte[] {(byte) (metres < 0 ? 1 : 0), 0, 0, 0}));
        gps.add(new Entry(0x0006, RATIONAL, 1, rationals(Math.round(Math.abs(metres) * 10), 10)));
        return this;
    }

    /** The TIFF structure alone: what a PNG's eXIf chunk holds, and what follows "Exif\0\0" in a JPEG. */
    byte[] tiff() {
        List<Entry> root = new ArrayList<>(ifd0);
        List<Entry> exifEntries = new ArrayList<>(exif);
        List<Entry> gpsEntries = new ArrayList<>(gps);
        // Sizes don't depend on the pointers' values, so offsets can be known before anything is written.
        if (!exifEntries.isEmpty()) {
            root.add(new Entry(EXIF_IFD_POINTER, LONG, 1, new byte[4]));
        }
        if (!gpsEntries.isEmpty()) {
            root.add(new Entry(GPS_IFD_POINTER, LONG, 1, new byte[4]));
        }
        int rootOffset = 8;
        int exifOffset = rootOffset + size(root);
        int gpsOffset = exifOffset + (exifEntries.isEmpty() ? 0 : size(exifEntries));
        root.replaceAll(e -> e.tag == EXIF_IFD_POINTER ? new Entry(e.tag, LONG, 1, longs(exifOffset))
                : e.tag == GPS_IFD_POINTER ? new Entry(e.tag, LONG, 1, longs(gpsOffset)) : e);

        ByteBuffer out = ByteBuffer.allocate(gpsOffset + (gpsEntries.isEmpty() ? 0 : size(gpsEntries))).order(order);
        out.put((order == ByteOrder.BIG_ENDIAN ? "MM" : "II").getBytes(StandardCharsets.US_ASCII));
        out.putShort((short) 42).putInt(rootOffset);
        writeIfd(out, root, rootOffset);
        if (!exifEntries.isEmpty()) {
            writeIfd(out, exifEntries, exifOffset);
        }
        if (!gpsEntries.isEmpty()) {
            writeIfd(out, gpsEntries, gpsOffset);
        }
        return out.array();
    }

    /** The APP1 segment (marker, length, "Exif\0\0", TIFF). */
    byte[] app1() {
        byte[] tiff = tiff();
        ByteBuffer segment = ByteBuffer.allocate(4 + 6 + tiff.length);
        segment.putShort((short) 0xFFE1).putShort((short) (segment.capacity() - 2));
        segment.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff);
        return segment.array();
    }

    /** The JPEG with this EXIF right after its SOI marker. */
    byte[] into(byte[] jpeg) {
        return insert(jpeg, 2, app1());
    }

    /** The PNG with this EXIF as an eXIf chunk right after IHDR (8-byte signature + 25-byte IHDR chunk). */
    byte[] intoPng(byte[] png) {
        byte[] tiff = tiff();
        ByteBuffer chunk = ByteBuffer.allocate(12 + tiff.length);
        chunk.putInt(tiff.length).put("eXIf".getBytes(StandardCharsets.US_ASCII)).put(tiff);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + tiff.length);
        chunk.putInt((int) crc.getValue());
        return insert(png, 33, chunk.array());
    }

    private static byte[] insert(byte[] into, int at, byte[] what) {
        byte[] out = new byte[into.length + what.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(into, at, out, at + what.length, into.length - at);
        return out;
    }

    private static int size(List<Entry> entries) {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry entry : entries) {
            if (entry.value.length > 4) {
                size += entry.value.length + (entry.value.length & 1);
            }
        }
        return size;
    }

    private static void writeIfd(ByteBuffer out, List<Entry> entries, int offset) {
        entries.sort(Comparator.comparingInt(Entry::tag)); // TIFF wants tags in ascending order
        out.position(offset);
        out.putShort((short) entries.size());
        int values = offset + 2 + 12 * entries.size() + 4;
        for (Entry entry : entries) {
            out.putShort((short) entry.tag).putShort((short) entry.type).putInt(entry.count);
            if (entry.value.length <= 4) {
                out.put(entry.value).put(new byte[4 - entry.value.length]);
            } else {
                out.putInt(values);
                int here = out.position();
                out.position(values).put(entry.value);
                values += entry.value.length + (entry.value.length & 1);
                out.position(here);
            }
        }
        out.putInt(0); // no next IFD
        out.position(values);
    }

    private Entry ascii(int tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return new Entry(tag, ASCII, bytes.length, bytes);
    }

    private byte[] shorts(int value) {
        return ByteBuffer.allocate(2).order(order).putShort((short) value).array();
    }

    private byte[] longs(int value) {
        return ByteBuffer.allocate(4).order(order).putInt(value).array();
    }

    private byte[] rationals(long... numeratorsAndDenominators) {
        ByteBuffer out = ByteBuffer.allocate(4 * numeratorsAndDenominators.length).order(order);
        for (long value : numeratorsAndDenominators) {
            out.putInt((int) value);
        }
        return out.array();
    }

    private byte[] degreesMinutesSeconds(double degrees) {
        long whole = (long) degrees;
        double minutes = (degrees - whole) * 60;
        long wholeMinutes = (long) minutes;
        long hundredthsOfSeconds = Math.round((minutes - wholeMinutes) * 60 * 100);
        return rationals(whole, 1, wholeMinutes, 1, hundredthsOfSeconds, 100);
    }
}
