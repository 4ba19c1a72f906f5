package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.http.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every archive is built in memory with ZipOutputStream (and, for the lying ones, patched by hand). */
class SafeZipTest {
    private static final byte[] CAT = bytes(1, 3000);
    private static final byte[] DOG = bytes(2, 5000);

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        return zip(entries, StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, byte[]> entries, Charset names) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out, names)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        var map = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            map.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return map;
    }

    private static ApiError error(byte[] zip, SafeZip.Limits limits) {
        try {
            SafeZip.read(zip, limits);
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }

    private static ApiError error(byte[] zip) {
        return error(zip, SafeZip.Limits.DEFAULTS);
    }

    private static void assertError(ApiError e, int status, String code) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.param()).contains("file");
    }

    @Test
    void readsFilesWithTheirNamesAndPathsAndSkipsDirectoriesAndMacJunk() throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("holiday/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("holiday/cat.jpg"));
            zip.write(CAT);
            zip.closeEntry();
            // A STORED entry: sizes and CRC up front, no data descriptor.
            var stored = new ZipEntry("./holiday//2024/dog.png");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(DOG.length);
            stored.setCompressedSize(DOG.length);
            var crc = new CRC32();
            crc.update(DOG);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(DOG);
            zip.closeEntry();
            for (String junk : List.of("__MACOSX/", "__MACOSX/holiday/._cat.jpg", ".DS_Store", "holiday/.DS_Store",
                    "holiday/._dog.png")) {
                zip.putNextEntry(new ZipEntry(junk));
                zip.write(junk.endsWith("/") ? new byte[0] : new byte[] {0, 5, 22, 7});
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("top.gif"));
            zip.closeEntry();
        }

        List<ZipFileEntry> files = SafeZip.read(out.toByteArray());

        assertThat(files).extracting(ZipFileEntry::name).containsExactly("cat.jpg", "dog.png", "top.gif");
        assertThat(files).extracting(ZipFileEntry::path)
                .containsExactly("holiday/cat.jpg", "holiday/2024/dog.png", "top.gif");
        assertThat(files.get(0).bytes()).isEqualTo(CAT);
        assertThat(files.get(1).bytes()).isEqualTo(DOG);
        assertThat(files.get(2).bytes()).isEmpty();
    }

    @Test
    void anEmptyArchiveHasNoFiles() {
        assertThat(SafeZip.read(zip(Map.of()))).isEmpty();
    }

    @Test
    void readsUtf8NamesAndWindowsOemNames() {
        assertThat(SafeZip.read(zip(entries("été/café.jpg", CAT)))).extracting(ZipFileEntry::path)
                .containsExactly("été/café.jpg");
        // Windows' zipper: names in code page 437, no UTF-8 flag.
        assertThat(SafeZip.read(zip(entries("été/café.jpg", CAT), Charset.forName("IBM437"))))
                .extracting(ZipFileEntry::path).containsExactly("été/café.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "../../etc/passwd", "../cat.jpg", "holiday/../../cat.jpg", "holiday/..", "..", "/abs", "/etc/passwd",
            "a\\..\\b", "holiday\\cat.jpg", "C:/Windows/cat.jpg", "c:cat.jpg", "nul\0byte.jpg", "./../cat.jpg"})
    void refusesTheWholeArchiveWhenAnyEntryCouldLeaveItsFolder(String name) {
        byte[] zip = zip(entries("ok/cat.jpg", CAT, name, DOG, "ok/dog.jpg", DOG));

        ApiError e = error(zip);

        assertError(e, 400, "unsafe_zip_entry");
        assertThat(e.getMessage()).contains("\"" + name.replace('\0', '?') + "\"");
    }

    @Test
    void refusesAnUnsafeDirectoryEntryToo() {
        assertError(error(zip(entries("../outside/", new byte[0]))), 400, "unsafe_zip_entry");
    }

    @Test
    void refusesMoreEntriesThanTheLimitFromTheDirectory() {
        var many = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 501; i++) {
            many.put("img" + i + ".jpg", new byte[] {(byte) i});
        }

        ApiError e = error(zip(many));

        assertError(e, 400, "zip_too_many_entries");
        assertThat(e.getMessage()).contains("500");
        assertThat(SafeZip.read(zip(entries("a.jpg", CAT)), new SafeZip.Limits(1, 1 << 20, 1 << 20, 100, 0)))
                .hasSize(1);
    }

    @Test
    void countsEntriesWhileReadingWhateverTheDirectorySays() {
        var six = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 6; i++) {
            six.put("img" + i + ".jpg", new byte[] {(byte) i});
        }
        byte[] zip = zip(six);
        setDeclaredEntries(zip, 3);
        var limits = new SafeZip.Limits(5, 1 << 20, 1 << 20, 100, 10 << 20);

        assertError(error(zip, limits), 400, "zip_too_many_entries");
    }

    @Test
    void refusesAnEntryLargerThanThePerFileLimitWhileInflating() {
        var limits = new SafeZip.Limits(500, 10 << 20, 1 << 20, 100, 10 << 20);

        ApiError e = error(zip(entries("small.jpg", CAT, "big.jpg", bytes(3, (1 << 20) + 1))), limits);

        assertError(e, 413, "zip_too_large");
        assertThat(e.getMessage()).contains("\"big.jpg\"").contains("1 MB");
    }

    @Test
    void refusesMoreThanTheTotalLimit() {
        var limits = new SafeZip.Limits(500, 3 << 20, 2 << 20, 100, 10 << 20);
        var four = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 4; i++) {
            four.put("img" + i + ".jpg", bytes(i, 1 << 20));
        }

        ApiError e = error(zip(four), limits);

        assertError(e, 413, "zip_too_large");
        assertThat(e.getMessage()).contains("3 MB");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(SafeZip.Limits.DEFAULTS)
                .isEqualTo(new SafeZip.Limits(500, 200L * 1024 * 1024, 40L * 1024 * 1024, 100, 10L * 1024 * 1024));
    }

    @Test
    void refusesABombOfZerosBeforeInflatingItAll() {
        byte[] bomb = zip(entries("innocent.jpg", new byte[30 << 20])); // 30 MB of zeros in about 30 KB
        assertThat(bomb.length).isLessThan(100_000);

        ApiError e = error(bomb);

        assertError(e, 400, "zip_bomb");
    }

    @Test
    void refusesABombSpreadOverManySmallEntries() {
        var many = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 20; i++) {
            many.put("img" + i + ".jpg", new byte[1 << 20]); // each under the 10 MB floor, 20 MB in all
        }

        assertError(error(zip(many)), 400, "zip_bomb");
    }

    @Test
    void aHighlyCompressibleFileUnderTheFloorIsFine() {
        assertThat(SafeZip.read(zip(entries("flat.bmp", new byte[5 << 20])))).hasSize(1);
    }

    @Test
    void aTruncatedArchiveIsDamaged() {
        byte[] zip = zip(entries("cat.jpg", CAT, "dog.jpg", DOG));

        for (int cut : new int[] {zip.length - 1, zip.length - 30, zip.length / 2, 40, 10}) {
            assertError(error(Arrays.copyOf(zip, cut)), 400, "damaged_zip");
        }
    }

    @Test
    void anArchiveCutBetweenEntriesButKeepingItsDirectoryIsDamaged() {
        byte[] zip = zip(entries("cat.jpg", CAT, "dog.jpg", DOG));
        // Break the second local header's signature: ZipInputStream would just stop there, one entry short.
        int second = indexOf(zip, new byte[] {'P', 'K', 3, 4}, 4);
        zip[second + 2] = 9;

        assertError(error(zip), 400, "damaged_zip");
    }

    @Test
    void corruptedDataIsDamaged() {
        byte[] zip = zip(entries("cat.jpg", CAT));
        for (int i = 60; i < 200; i++) {
            zip[i] ^= (byte) 0x5a;
        }

        assertError(error(zip), 400, "damaged_zip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "just some text that is longer than an end of central directory record",
            "\u0089PNG\r\n\u001a\n0000000000000000000000000000"})
    void somethingElseIsNotAZip(String content) {
        assertError(error(content.getBytes(StandardCharsets.ISO_8859_1)), 400, "damaged_zip");
    }

    private static void setDeclaredEntries(byte[] zip, int count) {
        int end = zip.length - 22; // no comment
        assertThat(zip[end]).isEqualTo((byte) 'P');
        zip[end + 8] = (byte) count;
        zip[end + 9] = 0;
        zip[end + 10] = (byte) count;
        zip[end + 11] = 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
