package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import static dev.loupe.library.UploadValidation.Md5Check.IF_DECLARED;
import static dev.loupe.library.UploadValidation.Md5Check.REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.http.ApiError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class UploadValidationTest {
    private static final byte[] JPEG = encode("jpg");
    private static final byte[] PNG = encode("png");
    private static final String JPEG_MD5 = Md5.hex(JPEG);

    @Test
    void aGoodUploadGivesItsTypeMd5AndSize() {
        ValidUpload upload = UploadValidation.validate("holiday.jpg", Optional.of("image/jpeg"),
                Optional.of(JPEG_MD5), REQUIRED, JPEG);

        assertThat(upload.type()).isEqualTo(ImageType.JPEG);
        assertThat(upload.md5Hex()).isEqualTo(JPEG_MD5).hasSize(32).isLowerCase();
        assertThat(upload.size()).isEqualTo(JPEG.length);
        assertThat(upload.md5Base64()).isEqualTo(Md5.base64(JPEG));
    }

    @Test
    void jpgAndJpegAreOneTypeWhicheverTheNameAndContentTypeSay() {
        assertThat(UploadValidation.validate("a.JPEG", Optional.of("image/jpg"), Optional.empty(), IF_DECLARED, JPEG)
                .type()).isEqualTo(ImageType.JPEG);
        assertThat(UploadValidation.validate("a.jpe", Optional.of("image/pjpeg"), Optional.empty(), IF_DECLARED,
                JPEG).type()).isEqualTo(ImageType.JPEG);
    }

    @Test
    void anUpperCaseMd5IsTheSameMd5() {
        assertThat(UploadValidation.validate("a.jpg", Optional.empty(), Optional.of(JPEG_MD5.toUpperCase()),
                REQUIRED, JPEG).md5Hex()).isEqualTo(JPEG_MD5);
    }

    @Test
    void anOctetStreamOrAbsentContentTypeSaysNothingAgainstTheFile() {
        assertThat(UploadValidation.validate("a.png", Optional.of("application/octet-stream"), Optional.empty(),
                IF_DECLARED, PNG).type()).isEqualTo(ImageType.PNG);
        assertThat(UploadValidation.validate("a.png", Optional.empty(), Optional.empty(), IF_DECLARED, PNG).type())
                .isEqualTo(ImageType.PNG);
    }

    @Test
    void anAbsentOrBlankMd5IsNotCheckedWhenOptional() {
        assertThat(UploadValidation.validate("a.png", Optional.empty(), Optional.of("  "), IF_DECLARED, PNG)
                .md5Hex()).isEqualTo(Md5.hex(PNG));
    }

    @Test
    void noFile() {
        refusal("a.jpg", null, JPEG_MD5, new byte[0]).satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("missing_file");
        });
        refusal("a.jpg", null, JPEG_MD5, null).satisfies(e -> assertThat(e.code()).isEqualTo("missing_file"));
    }

    @Test
    void noExtension() {
        refusal("holiday", null, JPEG_MD5, JPEG).satisfies(e -> {
            assertThat(e.code()).isEqualTo("missing_extension");
            assertThat(e.param()).contains("file_name");
            assertThat(e.getMessage()).contains("\"holiday\"", ".jpg");
        });
        refusal("holiday.", null, JPEG_MD5, JPEG).satisfies(e -> assertThat(e.code()).isEqualTo("missing_extension"));
        refusal(null, null, JPEG_MD5, JPEG).satisfies(e -> assertThat(e.code()).isEqualTo("missing_extension"));
    }

    @Test
    void notOneOfTheSixFormats() {
        byte[] heic = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
        refusal("a.heic", null, null, heic).satisfies(e -> {
            assertThat(e.status()).isEqualTo(415);
            assertThat(e.code()).isEqualTo("unsupported_type");
            assertThat(e.getMessage()).contains("HEIC", "JPEG, PNG, GIF, WEBP, BMP, TIFF");
        });
        byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes();
        refusal("a.svg", null, null, svg).satisfies(e -> assertThat(e.getMessage()).contains("SVG"));
        refusal("a.pdf", null, null, "%PDF-1.7\n".getBytes()).satisfies(e -> {
            assertThat(e.code()).isEqualTo("unsupported_type");
            assertThat(e.getMessage()).contains("PDF");
        });
        refusal("a.jpg", null, null, "just some text".getBytes()).satisfies(e -> {
            assertThat(e.code()).isEqualTo("unsupported_type"); // the bytes decide, not the name
            assertThat(e.getMessage()).doesNotContain("looks like");
        });
    }

    @Test
    void anExtensionOfAnotherType() {
        refusal("a.png", null, JPEG_MD5, JPEG).satisfies(e -> {
            assertThat(e.code()).isEqualTo("extension_mismatch");
            assertThat(e.param()).contains("file_name");
            assertThat(e.getMessage()).contains("PNG", "JPEG", ".jpg");
        });
        refusal("a.txt", null, JPEG_MD5, JPEG).satisfies(e -> {
            assertThat(e.code()).isEqualTo("extension_mismatch");
            assertThat(e.getMessage()).contains(".txt");
        });
    }

    @Test
    void aContentTypeOfAnotherType() {
        refusal("a.jpg", "image/png", JPEG_MD5, JPEG).satisfies(e -> {
            assertThat(e.code()).isEqualTo("content_type_mismatch");
            assertThat(e.param()).contains("content_type");
            assertThat(e.getMessage()).contains("image/png", "JPEG");
        });
        refusal("a.jpg", "text/plain", JPEG_MD5, JPEG)
                .satisfies(e -> assertThat(e.code()).isEqualTo("content_type_mismatch"));
    }

    @Test
    void aMalformedMd5() {
        for (String bad : new String[] {"abc", JPEG_MD5 + "0", "z" + JPEG_MD5.substring(1),
                "\u0663" + JPEG_MD5.substring(1)}) { // an Arabic-Indic three is a digit, not a hex digit
            refusal("a.jpg", null, bad, JPEG).satisfies(e -> {
                assertThat(e.code()).isEqualTo("bad_md5");
                assertThat(e.param()).contains("md5");
            });
        }
    }

    @Test
    void anAbsentMd5WhenRequired() {
        assertThatThrownBy(() -> UploadValidation.validate("a.jpg", Optional.empty(), Optional.empty(), REQUIRED,
                JPEG)).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("missing_md5"));
        assertThatThrownBy(() -> UploadValidation.validate("a.jpg", Optional.empty(), Optional.of(""), REQUIRED,
                JPEG)).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("missing_md5"));
    }

    @Test
    void anMd5OfOtherBytes() {
        String other = Md5.hex(PNG);
        refusal("a.jpg", null, other, JPEG).satisfies(e -> {
            assertThat(e.code()).isEqualTo("md5_mismatch");
            assertThat(e.getMessage()).contains(JPEG_MD5, other);
        });
    }

    @Test
    void theChecksRunInTheirOrder() {
        // Everything wrong at once: the first check in the order wins, each time one more is put right.
        byte[] text = "hello".getBytes();
        refusal("noextension", "image/gif", "bad", new byte[0]).satisfies(e -> assertThat(e.code())
                .isEqualTo("missing_file"));
        refusal("noextension", "image/gif", "bad", text).satisfies(e -> assertThat(e.code())
                .isEqualTo("missing_extension"));
        refusal("a.png", "image/gif", "bad", text).satisfies(e -> assertThat(e.code())
                .isEqualTo("unsupported_type"));
        refusal("a.png", "image/gif", "bad", JPEG).satisfies(e -> assertThat(e.code())
                .isEqualTo("extension_mismatch"));
        refusal("a.jpg", "image/gif", "bad", JPEG).satisfies(e -> assertThat(e.code())
                .isEqualTo("content_type_mismatch"));
        refusal("a.jpg", "image/jpeg", "bad", JPEG).satisfies(e -> assertThat(e.code()).isEqualTo("bad_md5"));
        refusal("a.jpg", "image/jpeg", Md5.hex(text), JPEG).satisfies(e -> assertThat(e.code())
                .isEqualTo("md5_mismatch"));
    }

    @Test
    void md5Forms() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Md5.hex(abc)).isEqualTo("900150983cd24fb0d6963f7d28e17f72"); // RFC 1321's test suite
        assertThat(Md5.base64(abc)).isEqualTo("kAFQmDzST7DWlj99KOF/cg==");
        assertThat(Md5.hexToBase64("900150983CD24FB0D6963F7D28E17F72")).isEqualTo("kAFQmDzST7DWlj99KOF/cg==");
        assertThat(Md5.isHex("900150983cd24fb0d6963f7d28e17f7")).isFalse();
        assertThat(Md5.isHex(null)).isFalse();
    }

    private static AbstractThrowableAssert<?, ApiError> refusal(String fileName, String contentType, String md5,
                                                                byte[] bytes) {
        try {
            UploadValidation.validate(fileName, Optional.ofNullable(contentType), Optional.ofNullable(md5), REQUIRED,
                    bytes);
        } catch (ApiError e) {
            return assertThat(e);
        }
        throw new AssertionError("expected a refusal");
    }

    private static byte[] encode(String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
