package dev.loupe.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypeTest {

    @Test
    void detectsEachFormatFromItsFirstBytes() {
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).contains(ImageType.JPEG);
        assertThat(ImageType.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0))).contains(ImageType.PNG);
        assertThat(ImageType.detect(ascii("GIF87a\1\0"))).contains(ImageType.GIF);
        assertThat(ImageType.detect(ascii("GIF89a\1\0"))).contains(ImageType.GIF);
        assertThat(ImageType.detect(ascii("RIFF\u0024\0\0\0WEBPVP8 "))).contains(ImageType.WEBP);
        assertThat(ImageType.detect(bmpHead(40))).contains(ImageType.BMP);
        assertThat(ImageType.detect(bmpHead(124))).contains(ImageType.BMP);
        assertThat(ImageType.detect(bytes('I', 'I', 42, 0, 8, 0, 0, 0))).contains(ImageType.TIFF);
        assertThat(ImageType.detect(bytes('M', 'M', 0, 42, 0, 0, 0, 8))).contains(ImageType.TIFF);
    }

    @Test
    void detectsNothingElse() {
        assertThat(ImageType.detect(new byte[0])).isEmpty();
        assertThat(ImageType.detect(null)).isEmpty();
        assertThat(ImageType.detect(bytes(0xFF, 0xD8))).isEmpty(); // too short to be sure
        assertThat(ImageType.detect(ascii("\0\0\0\u0018ftypheic\0\0\0\0"))).isEmpty();
        assertThat(ImageType.detect(ascii("\0\0\0\u001cftypavif\0\0\0\0"))).isEmpty();
        assertThat(ImageType.detect(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))).isEmpty();
        assertThat(ImageType.detect(ascii("%PDF-1.7\n"))).isEmpty();
        assertThat(ImageType.detect(ascii("RIFF\u0024\0\0\0WAVEfmt "))).isEmpty(); // RIFF, but audio
        assertThat(ImageType.detect(ascii("BMW parts list, spring 2024\n"))).isEmpty(); // "BM" and text
        assertThat(ImageType.detect(ascii("GIF90a\1\0"))).isEmpty();
        assertThat(ImageType.detect(bytes('I', 'I', 43, 0, 8, 0, 0, 0))).isEmpty(); // BigTIFF: not accepted
    }

    @ParameterizedTest
    @CsvSource({
            "photo.jpg, JPEG", "photo.JPG, JPEG", "photo.jpeg, JPEG", "photo.JPEG, JPEG", "photo.jpe, JPEG",
            "a.png, PNG", "a.PNG, PNG", "a.gif, GIF", "a.webp, WEBP", "a.bmp, BMP", "a.tif, TIFF", "a.TIFF, TIFF",
            "'C:\\Users\\me\\Pictures\\holiday.Jpeg', JPEG", "dir/sub/x.y.png, PNG"
    })
    void anExtensionNamesItsType(String fileName, ImageType expected) {
        assertThat(ImageType.fromExtension(fileName)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"photo", "photo.", "photo.heic", "photo.svg", "photo.jpg.txt", "dir.jpg/photo", ""})
    void otherNamesNameNoType(String fileName) {
        assertThat(ImageType.fromExtension(fileName)).isEmpty();
    }

    @Test
    void extensionOfIgnoresThePathAndCase() {
        assertThat(ImageType.extensionOf("a/b.c/photo.JPeG")).contains("jpeg");
        assertThat(ImageType.extensionOf("a/b.c/photo")).isEmpty();
        assertThat(ImageType.extensionOf(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "image/jpeg | JPEG", "image/jpg | JPEG", "image/pjpeg | JPEG", "IMAGE/JPEG | JPEG",
            "image/jpeg; charset=binary | JPEG", "image/png | PNG", "image/x-png | PNG", "image/gif | GIF",
            "image/webp | WEBP", "image/bmp | BMP", "image/x-ms-bmp | BMP", "image/x-bmp | BMP", "image/tiff | TIFF"
    })
    void aContentTypeNamesItsType(String contentType, ImageType expected) {
        assertThat(ImageType.fromContentType(contentType)).contains(expected);
    }

    @Test
    void otherContentTypesNameNoType() {
        assertThat(ImageType.fromContentType("image/heic")).isEmpty();
        assertThat(ImageType.fromContentType("application/octet-stream")).isEmpty();
        assertThat(ImageType.fromContentType(null)).isEmpty();
    }

    @Test
    void eachTypeHasItsCanonicalNames() {
        assertThat(ImageType.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageType.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(ImageType.JPEG.fileTypeLabel()).isEqualTo("JPG");
        assertThat(ImageType.TIFF.extension()).isEqualTo("tiff");
        assertThat(ImageType.TIFF.fileTypeLabel()).isEqualTo("TIFF");
        for (ImageType type : ImageType.values()) {
            assertThat(ImageType.fromExtension("x." + type.extension())).contains(type);
            assertThat(ImageType.fromContentType(type.mimeType())).contains(type);
        }
        assertThat(ImageType.supportedList()).isEqualTo("JPEG, PNG, GIF, WEBP, BMP, TIFF");
    }

    static byte[] bmpHead(int infoHeaderSize) {
        byte[] head = new byte[ImageType.HEAD_BYTES];
        head[0] = 'B';
        head[1] = 'M';
        head[14] = (byte) infoHeaderSize;
        return head;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
