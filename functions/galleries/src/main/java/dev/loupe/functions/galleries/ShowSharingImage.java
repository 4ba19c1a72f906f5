package dev.loupe.functions.galleries;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.gallery.page.PublicPages;

/**
 * {@code GET /p/{project}/g/{name}/og/{image}}: the gallery page's og:image, a stable Loupe URL that redirects (302)
 * to a fresh presigned link to the image's 1200 x 630 sharing crop. A presigned link in the page itself would be
 * signed with the function's temporary credentials and die within hours, while link previews are fetched days later.
 * What the visitor may not see (a private or protected gallery without its view token {@code vt}, an image not in
 * the gallery, another project's ids) is a 404.
 */
public final class ShowSharingImage extends PublicPageHandler {
    public ShowSharingImage() {
        this(GalleryWiring.pagesWithoutVisitors());
    }

    ShowSharingImage(GalleryPages pages) {
        super(PublicPages.PAGE, pages);
    }

    @Override
    protected APIGatewayV2HTTPResponse answer(HttpRequest request, PublicPages family, String project, String name) {
        String image = request.requiredPathParameter("image");
        return family.found(pages.sharingImage(project, name, image, request.params().text("vt")).toString());
    }
}
