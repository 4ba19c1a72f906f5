package dev.loupe.library;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * Folders, their images, jobs and exports as Loupe's own routes show them: the same fields in JSON and XML,
 * snake_case, ISO-8601 times, sizes in bytes and in the human form.
 */
public final class FolderViews {
    private FolderViews() {
    }

    /** One folder (Constant Contact's Folder, with the details Loupe adds: its count and times). */
    @JacksonXmlRootElement(localName = "folder")
    public record FolderView(String id, String name, long imageCount, String created, String updated) {
        public static FolderView of(Folder folder) {
            return new FolderView(folder.folderId(), folder.name(), folder.imageCount(), folder.created().toString(),
                    folder.updated().toString());
        }
    }

    @JacksonXmlRootElement(localName = "folders")
    public record FolderList(@JacksonXmlElementWrapper(useWrapping = false)
                             @JacksonXmlProperty(localName = "folder") List<FolderView> folders,
                             String nextCursor) {
        /** A page of the list; {@code next_cursor} is null on the last page. */
        public static FolderList of(FolderService.FoldersPage page) {
            return new FolderList(page.folders().stream().map(FolderView::of).toList(),
                    page.nextCursor().orElse(null));
        }
    }

    /** A page of a folder's images; {@code next_cursor} is null on the last page. */
    @JacksonXmlRootElement(localName = "folder_images")
    public record FolderImages(String folderId, String folderName, long imageCount,
                               @JacksonXmlElementWrapper(localName = "images")
                               @JacksonXmlProperty(localName = "image") List<ImageView> images,
                               String nextCursor) {
        public static FolderImages of(FolderService.ImagesPage page, ImageLinks links) {
            return new FolderImages(page.folder().folderId(), page.folder().name(), page.folder().imageCount(),
                    page.images().stream().map(i -> ImageView.of(i, List.of(), links)).toList(),
                    page.nextCursor().orElse(null));
        }
    }

    /** A queued purge: what it will do and how many images the folder held when it was asked for. */
    @JacksonXmlRootElement(localName = "job")
    public record JobView(String jobId, String folderId, String action, String status, long imageCount) {
        public static JobView of(FolderPurge.Job job, String action) {
            return new JobView(job.jobId(), job.folder().folderId(), action, "queued", job.imageCount());
        }
    }

    @JacksonXmlRootElement(localName = "export")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportView(String exportId, String folderId, String folderName, String status, Long imageCount,
                             Long size, String sizeHuman, String failure, String downloadUrl, String downloadExpires,
                             String expires, String created, String updated) {
        public static ExportView of(FolderExports.View view) {
            FolderExport e = view.export();
            boolean ready = e.status() == FolderExport.Status.READY;
            return new ExportView(e.exportId(), e.folderId(), e.folderName(), view.status(),
                    ready ? e.imageCount() : null, ready ? e.size() : null,
                    ready ? FileSizes.human(e.size()) : null, e.failure().orElse(null),
                    view.downloadUrl().map(Object::toString).orElse(null),
                    view.downloadExpires().map(Object::toString).orElse(null),
                    view.expires().map(Object::toString).orElse(null), e.created().toString(), e.updated().toString());
        }

        /** A new export, before anything was built. */
        public static ExportView of(FolderExport e) {
            return of(new FolderExports.View(e, e.status().word(), java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty()));
        }
    }
}
