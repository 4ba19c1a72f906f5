package dev.loupe.library;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Part;

/**
 * Reads a multipart upload as Constant Contact describes it, for both surfaces: a part with the image's metadata (the
 * Atom entry, or JSON) and a part with the bytes. The parts are found by name when the client names them
 * ({@code metadata}, {@code file}), otherwise by position: metadata, then file, as Constant Contact orders them.
 * A client of Loupe's own route may also send just the file, with {@code md5}, {@code description} and
 * {@code folder_id} as form fields.
 */
public final class UploadRequests {
    private UploadRequests() {
    }

    /**
     * The Atom library's upload: as {@link #fromMultipart}, with the MD5 required and the metadata part, when there is
     * one, declared as an Atom entry (Constant Contact: "Its content-type header must be set to
     * application/atom+xml"); a part of another declared type is a 415, not a guess.
     */
    public static UploadService.DirectUpload fromAtomMultipart(HttpRequest request, String folderId,
                                                               Set<String> entryTypes) {
        metadataPart(request.parts()).ifPresent(entry -> {
            String declared = HttpRequest.mediaType(entry.contentType().orElse(null));
            if (!entryTypes.contains(declared)) {
                throw ApiError.unsupportedMediaType("The upload's first part is the image's Atom entry: send it "
                        + "with Content-Type application/atom+xml, not '" + declared + "'");
            }
        });
        return fromMultipart(request, UploadValidation.Md5Check.REQUIRED, Optional.of(folderId));
    }

    public static UploadService.DirectUpload fromMultipart(HttpRequest request, UploadValidation.Md5Check md5Check,
                                                           Optional<String> folderFromPath) {
        List<Part> parts = request.parts();
        Optional<Part> metadataPart = metadataPart(parts);
        Part file = named(parts, "file", "image")
                .or(() -> parts.stream().filter(p -> metadataPart.map(m -> m != p).orElse(true))
                        .filter(p -> p.isFile() || looksLikeImage(p)).findFirst())
                .orElseThrow(() -> new ApiError(400, "missing_file", "The upload has no file part: send the image "
                        + "as a part named 'file' (after the metadata part)", "file"));

        UploadMetadata metadata = metadataPart.map(UploadMetadata::from)
                .orElse(new UploadMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        var fields = request.params();
        String fileName = metadata.fileName().or(file::fileName).or(() -> fields.text("file_name"))
                .orElseThrow(() -> new ApiError(400, "missing_file_name", "The image's file name is required: "
                        + "<FileName> in the metadata, or the file part's filename", "file_name"));
        Optional<String> folder = folderFromPath.or(metadata::folderId).or(() -> fields.text("folder_id"));
        if (folderFromPath.isPresent() && metadata.folderId().isPresent()
                && !metadata.folderId().get().endsWith(folderFromPath.get())) {
            throw new ApiError(400, "folder_mismatch", "The metadata names folder " + metadata.folderId().get()
                    + " but the upload was sent to folder " + folderFromPath.get(), "folder_id");
        }
        return new UploadService.DirectUpload(fileName, file.contentType(),
                metadata.md5().or(() -> fields.text("md5")), md5Check,
                metadata.description().or(() -> fields.first("description")), folder, file.content());
    }

    private static Optional<Part> metadataPart(List<Part> parts) {
        return named(parts, "metadata", "entry")
                .or(() -> parts.size() >= 2 && looksLikeDocument(parts.get(0))
                        ? Optional.of(parts.get(0)) : Optional.empty())
                .filter(p -> !looksLikeImage(p));
    }

    private static Optional<Part> named(List<Part> parts, String... names) {
        return parts.stream().filter(p -> List.of(names).contains(p.name().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** An Atom/XML or JSON document rather than a plain form field or a file. */
    private static boolean looksLikeDocument(Part part) {
        if (part.isFile()) {
            return false;
        }
        String type = part.contentType().orElse("").toLowerCase(Locale.ROOT);
        String text = part.text().stripLeading();
        return type.contains("xml") || type.contains("json") || text.startsWith("<") || text.startsWith("{");
    }

    private static boolean looksLikeImage(Part part) {
        return part.contentType().map(ct -> ct.toLowerCase(Locale.ROOT).startsWith("image/")).orElse(false);
    }
}
