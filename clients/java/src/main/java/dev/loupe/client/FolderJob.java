package dev.loupe.client;

/** A queued deletion of a folder's images ({@code action}: delete_folder or delete_images). */
public record FolderJob(String jobId, String folderId, String action, String status, int imageCount) {
}
