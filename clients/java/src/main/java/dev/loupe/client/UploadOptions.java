package dev.loupe.client;

/**
 * How a file goes into the library; null fields are left to the server (the file's own name, no description, no
 * folder).
 */
public record UploadOptions(String fileName, String description, String folderId) {
    public static UploadOptions none() {
        return new UploadOptions(null, null, null);
    }

    public UploadOptions withFileName(String fileName) {
        return new UploadOptions(fileName, description, folderId);
    }

    public UploadOptions withDescription(String description) {
        return new UploadOptions(fileName, description, folderId);
    }

    public UploadOptions withFolder(String folderId) {
        return new UploadOptions(fileName, description, folderId);
    }
}
