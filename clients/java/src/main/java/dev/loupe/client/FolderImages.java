package dev.loupe.client;

import java.util.List;

/** A page of a folder's images, newest first; {@code nextCursor} is null on the last page. */
public record FolderImages(String folderId, String folderName, int imageCount, List<Image> images,
        String nextCursor) {
}
