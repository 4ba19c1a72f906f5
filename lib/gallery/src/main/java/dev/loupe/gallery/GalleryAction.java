package dev.loupe.gallery;

import dev.loupe.core.http.ApiError;

/**
 * The gallery API's actions that change a gallery, each with its own error codes (it spells them per action, down to
 * {@code io_exists_error} for edit and {@code io_exist_error} elsewhere). "Does not exist" is a 404 here: it is the
 * not-found case, and another project's gallery answers it too.
 */
enum GalleryAction {
    EDIT("authentication_failed_save_album", "You should be logged in to save album", "io_exists_error",
            "not_owner_save_album", "You are not authorized to modify specified album", "io_save_error",
            "Unable to save album information"),
    ADD("authentication_failed_add_image", "You should be logged in to save album", "io_exist_error",
            "not_owner_add_image", "You are not authorized to modify specified album", "io_read_error",
            "Unable to read album information"),
    DELETE("authentication_failed_delete", "You should be logged in to delete album", "io_exist_error",
            "not_owner_delete", "You are not authorized to delete specified album", "db_delete_error",
            "We were unable to delete album"),
    DELETE_IMAGE("authentication_failed_delete_image",
            "You should be logged in or have token to delete image from album", "io_exist_error",
            "not_owner_delete_image", "You are not authorized to delete specified image from album", "io_save_error",
            "Unable to save album information");

    private final String authCode;
    private final String authMessage;
    private final String missingCode;
    private final String ownerCode;
    private final String ownerMessage;
    private final String saveCode;
    private final String saveMessage;

    GalleryAction(String authCode, String authMessage, String missingCode, String ownerCode, String ownerMessage,
                  String saveCode, String saveMessage) {
        this.authCode = authCode;
        this.authMessage = authMessage;
        this.missingCode = missingCode;
        this.ownerCode = ownerCode;
        this.ownerMessage = ownerMessage;
        this.saveCode = saveCode;
        this.saveMessage = saveMessage;
    }

    ApiError unauthenticated() {
        return new ApiError(401, authCode, authMessage, "token");
    }

    ApiError missing() {
        return new ApiError(404, missingCode, "Album does not exist or not readable", "g");
    }

    ApiError notOwner() {
        return new ApiError(403, ownerCode, ownerMessage);
    }

    /** Our own failure (storage down, or a change that kept losing races): nothing half-written is left. */
    ApiError failed() {
        return new ApiError(500, saveCode, saveMessage);
    }
}
