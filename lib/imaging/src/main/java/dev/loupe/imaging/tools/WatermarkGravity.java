package dev.loupe.imaging.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an element goes ({@code gravity}): one of nine places, flush with the edges it names. The task API lists
 * eleven names: CenterEast and CenterWest are East and West under another name (the middle of the right or left
 * edge), since the task API's nine-place grid has no other spot for them.
 */
public enum WatermarkGravity {
    NORTH("North", 1, 0),
    NORTH_EAST("NorthEast", 2, 0),
    NORTH_WEST("NorthWest", 0, 0),
    CENTER("Center", 1, 1),
    CENTER_EAST("CenterEast", 2, 1),
    CENTER_WEST("CenterWest", 0, 1),
    EAST("East", 2, 1),
    WEST("West", 0, 1),
    SOUTH("South", 1, 2),
    SOUTH_EAST("SouthEast", 2, 2),
    SOUTH_WEST("SouthWest", 0, 2);

    public static final WatermarkGravity DEFAULT = CENTER;

    private final String wire;
    private final int column; // 0 left, 1 middle, 2 right
    private final int row;    // 0 top, 1 middle, 2 bottom

    WatermarkGravity(String wire, int column, int row) {
        this.wire = wire;
        this.column = column;
        this.row = row;
    }

    public String wire() {
        return wire;
    }

    /** The left edge of an element this wide in a space this wide: flush left, centred or flush right. */
    int x(int space, int width) {
        return Math.floorDiv((space - width) * column, 2);
    }

    /** The top edge of an element this tall in a space this tall. */
    int y(int space, int height) {
        return Math.floorDiv((space - height) * row, 2);
    }

    /** The gravity a reference name means, ignoring case and surrounding spaces. */
    public static Optional<WatermarkGravity> fromWire(String value) {
        String wanted = value.strip();
        return Arrays.stream(values()).filter(g -> g.wire.equalsIgnoreCase(wanted)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WatermarkGravity::wire).toList();
    }
}
