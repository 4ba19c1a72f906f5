package dev.loupe.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of addresses in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}; a bare address is a block of
 * one), as a project lists the places its calls may come from. Addresses are parsed as literals only
 * ({@link InetAddress#ofLiteral}): nothing here ever asks DNS, so a client's address is never looked up.
 *
 * <p>An IPv4 address that arrives IPv4-mapped ({@code ::ffff:203.0.113.9}) is the IPv4 address, on either side.
 * Written ranges are strict: an IPv4 address is four decimal parts (not the shorthand {@code 10.1} or hex forms that
 * {@code ofLiteral} also accepts), no zone ({@code %eth0}), and no bits set after the prefix, so that
 * {@code 10.0.0.1/8} is refused instead of quietly meaning {@code 10.0.0.0/8}.
 */
public record IpRange(byte[] network, int prefix) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public IpRange {
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range");
        }
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Parses a range as a project writes it; an {@link IllegalArgumentException} says what is wrong. */
    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an IP range is empty");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = address(addressPart)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address "
                        + "or CIDR range"));
        byte[] bytes = address.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > prefix) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length (0 to " + prefix + ")");
            }
            prefix = Integer.parseInt(bits);
        }
        IpRange range = new IpRange(bytes, prefix);
        if (!Arrays.equals(range.masked(bytes), bytes)) {
            throw new IllegalArgumentException("'" + text + "' has bits set after its /" + prefix + " prefix");
        }
        return range;
    }

    /**
     * A literal IPv4 or IPv6 address, or empty when {@code text} is not one (a host name included: no lookup).
     * IPv4-mapped IPv6 literals come back as the IPv4 address.
     */
    public static Optional<InetAddress> address(String text) {
        if (text == null || text.isEmpty() || text.indexOf('%') >= 0) {
            return Optional.empty();
        }
        try {
            if (text.indexOf(':') >= 0) {
                return Optional.of(Inet6Address.ofLiteral(text));
            }
            return DOTTED_QUAD.matcher(text).matches() ? Optional.of(Inet4Address.ofLiteral(text)) : Optional.empty();
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }

    /** Whether the address (a literal, e.g. API Gateway's {@code sourceIp}) lies in this range. */
    public boolean contains(String address) {
        return address(address).map(a -> contains(a.getAddress())).orElse(false);
    }

    private boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address), network);
    }

    private byte[] masked(byte[] address) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange r && prefix == r.prefix && Arrays.equals(network, r.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
