package dev.loupe.library;

import dev.loupe.imaging.ImageType;

/** An uploaded file that passed {@link UploadValidation}: what it really is, its MD5 as hex, and its size in bytes. */
public record ValidUpload(ImageType type, String md5Hex, long size) {

    /** The MD5 as S3's Content-MD5 header wants it. */
    public String md5Base64() {
        return Md5.hexToBase64(md5Hex);
    }
}
