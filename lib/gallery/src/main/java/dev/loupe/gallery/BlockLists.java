package dev.loupe.gallery;

import java.util.Set;

/**
 * The users a registered user blocks, read whole (the people module's blocks, at most a thousand; the functions wire
 * them in): what the notification fan-out asks once per page of recipients, where {@link UserBlocks} answers one
 * pair at a time. {@link #NONE} where no one blocks.
 */
@FunctionalInterface
public interface BlockLists {
    BlockLists NONE = (projectId, blockerUserId) -> Set.of();

    Set<String> blockedBy(String projectId, String blockerUserId);
}
