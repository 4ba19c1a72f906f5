package dev.loupe.client;

import java.util.List;

/** A page of folders; {@code nextCursor} is null on the last page. */
public record FolderPage(List<Folder> folders, String nextCursor) {
}
