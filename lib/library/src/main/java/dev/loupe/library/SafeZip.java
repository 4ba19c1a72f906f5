package dev.loupe.library;

import dev.loupe.core.http.ApiError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the files out of a user's ZIP, all or nothing: any entry whose name could leave its folder refuses the whole
 * archive, and so does passing a limit. Sizes are measured while inflating; the sizes a ZIP's headers claim are
 * never trusted. Directories and macOS junk (__MACOSX/, .DS_Store, ._ AppleDouble files) are skipped but still
 * count against the limits, since they are inflated all the same.
 *
 * <p>Errors are {@link ApiError}s on parameter "file": 400 unsafe_zip_entry, zip_too_many_entries, zip_bomb,
 * damaged_zip; 413 zip_too_large.
 */
public final class SafeZip {
    /**
     * maxEntries counts every entry (directories and junk too); a bomb is an entry, or the archive so far, that has
     * inflated past bombFloorBytes to more than maxRatio times its compressed size.
     */
    public record Limits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxRatio, long bombFloorBytes) {
        public static final Limits DEFAULTS = new Limits(500, 200L << 20, 40L << 20, 100, 10L << 20);

        public Limits {
            if (maxEntries <= 0 || maxTotalBytes <= 0 || maxEntryBytes <= 0 || maxRatio <= 0 || bombFloorBytes < 0) {
                throw new IllegalArgumentException("ZIP limits must be positive");
            }
            if (maxEntryBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxEntryBytes must fit in an array: " + maxEntryBytes);
            }
        }
    }

    private static final String PARAM = "file";
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int LOCAL_FILE_HEADER = 0x04034b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int BUFFER = 64 * 1024;
    // Windows' built-in zipper writes names in the OEM code page without the UTF-8 flag; IBM437 is its usual one.
    private static final Charset LEGACY_NAMES =
            Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private SafeZip() {
    }

    public static List<ZipFileEntry> read(byte[] zip) {
        return read(zip, Limits.DEFAULTS);
    }

    public static List<ZipFileEntry> read(byte[] zip, Limits limits) {
        int declaredEntries = declaredEntries(zip);
        if (declaredEntries > limits.maxEntries()) {
            throw tooManyEntries(limits);
        }
        try {
            return read(zip, limits, StandardCharsets.UTF_8, declaredEntries);
        } catch (HeaderException e) {
            try {
                return read(zip, limits, LEGACY_NAMES, declaredEntries);
            } catch (HeaderException | IOException again) {
                throw damaged();
            }
        } catch (IOException e) {
            throw damaged();
        }
    }

    /** A failure while reading an entry's header, where a name in another charset is the likely cause. */
    private static final class HeaderException extends Exception {
        HeaderException(Throwable cause) {
            super(cause);
        }
    }

    private static List<ZipFileEntry> read(byte[] zip, Limits limits, Charset names, int declaredEntries)
            throws IOException, HeaderException {
        var raw = new CountingInputStream(new ByteArrayInputStream(zip));
        var files = new ArrayList<ZipFileEntry>();
        byte[] buffer = new byte[BUFFER];
        int entries = 0;
        long total = 0;
        try (var in = new ZipInputStream(raw, names)) {
            while (true) {
                ZipEntry entry;
                try {
                    entry = in.getNextEntry();
                } catch (IOException | IllegalArgumentException e) {
                    throw new HeaderException(e);
                }
                if (entry == null) {
                    break;
                }
                if (++entries > limits.maxEntries()) {
                    throw tooManyEntries(limits);
                }
                String path = safePath(entry.getName(), entry.isDirectory());
                boolean keep = !entry.isDirectory() && !junk(path);
                var out = keep ? new ByteArrayOutputStream() : null;
                long start = raw.count();
                long size = 0;
                for (int n; (n = in.read(buffer)) != -1; ) {
                    size += n;
                    total += n;
                    if (size > limits.maxEntryBytes()) {
                        throw new ApiError(413, "zip_too_large", "The ZIP file's entry " + quoted(entry.getName())
                                + " is larger than " + megabytes(limits.maxEntryBytes()) + ".", PARAM);
                    }
                    if (total > limits.maxTotalBytes()) {
                        throw new ApiError(413, "zip_too_large", "The ZIP file holds more than "
                                + megabytes(limits.maxTotalBytes()) + " uncompressed.", PARAM);
                    }
                    if (bomb(size, raw.count() - start, limits) || bomb(total, raw.count(), limits)) {
                        throw new ApiError(400, "zip_bomb", "The ZIP file inflates to more than "
                                + limits.maxRatio() + " times its size: it looks like a ZIP bomb.", PARAM);
                    }
                    if (out != null) {
                        out.write(buffer, 0, n);
                    }
                }
                if (out != null) {
                    files.add(new ZipFileEntry(path.substring(path.lastIndexOf('/') + 1), path, out.toByteArray()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e);
        }
        // Stopping short of the directory's count means entries were cut off or hidden between others.
        if (declaredEntries != 0xffff && entries != declaredEntries) {
            throw damaged();
        }
        return List.copyOf(files);
    }

    private static boolean bomb(long inflated, long compressed, Limits limits) {
        return inflated > limits.bombFloorBytes() && inflated > limits.maxRatio() * Math.max(1, compressed);
    }

    /**
     * The entry's path with "." and empty segments dropped, or 400 unsafe_zip_entry when the name could point
     * outside the folder it is unpacked into (on any system: hence backslashes and drive letters too).
     */
    static String safePath(String name, boolean directory) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0 || name.startsWith("/")
                || name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw unsafe(name);
        }
        var kept = new ArrayList<String>();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw unsafe(name);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        if (kept.isEmpty() && !directory) {
            throw unsafe(name);
        }
        return String.join("/", kept);
    }

    private static boolean junk(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return path.equals("__MACOSX") || path.startsWith("__MACOSX/") || path.contains("/__MACOSX/")
                || name.equals(".DS_Store") || name.startsWith("._");
    }

    /**
     * The entry count the end-of-central-directory record declares (0xffff for ZIP64, which this leaves to the
     * entries themselves), or 400 damaged_zip when there is no such record: not a ZIP, or one cut short.
     */
    private static int declaredEntries(byte[] zip) {
        if (zip.length < END_RECORD_SIZE) {
            throw damaged();
        }
        int lowest = Math.max(0, zip.length - END_RECORD_SIZE - 0xffff);
        for (int i = zip.length - END_RECORD_SIZE; i >= lowest; i--) {
            // The record ends the file: its comment length must reach exactly to the end.
            if (int32(zip, i) == END_OF_CENTRAL_DIRECTORY
                    && i + END_RECORD_SIZE + int16(zip, i + 20) == zip.length) {
                int entries = int16(zip, i + 10);
                if (entries > 0 && int32(zip, 0) != LOCAL_FILE_HEADER) {
                    throw damaged();
                }
                return entries;
            }
        }
        throw damaged();
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }

    private static ApiError unsafe(String name) {
        return new ApiError(400, "unsafe_zip_entry", "The ZIP file's entry " + quoted(name)
                + " could point outside its folder (absolute path, drive letter, backslash, .. or NUL), so the "
                + "whole file was refused.", PARAM);
    }

    private static ApiError tooManyEntries(Limits limits) {
        return new ApiError(400, "zip_too_many_entries",
                "The ZIP file has more than " + limits.maxEntries() + " entries.", PARAM);
    }

    private static ApiError damaged() {
        return new ApiError(400, "damaged_zip", "The file is not a ZIP file, or it is damaged or encrypted.", PARAM);
    }

    /** The name in quotes for a message: control characters shown as '?', long names shortened. */
    private static String quoted(String name) {
        var shown = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return "\"" + shown + (name.codePointCount(0, name.length()) > 200 ? "…" : "") + "\"";
    }

    private static String megabytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    /** Counts the compressed bytes ZipInputStream has taken (it reads ahead by at most its 512-byte buffer). */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
