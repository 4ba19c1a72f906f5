package dev.loupe.fetch;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a URL fetched for a user may connect to: public ones only. Decides on an address already resolved
 * (never looks anything up). IPv4 is checked against the special-purpose ranges; IPv6 must be global unicast
 * (2000::/3) or a form that embeds IPv4 (mapped, NAT64, 6to4), and then the embedded address is checked as IPv4.
 *
 * <p>Production code uses {@link #PUBLIC_ONLY}. {@link #allowing} exists for tests that fetch from a server on this
 * machine, and accepts only a loopback address so that it can never open the private network.
 */
public final class AddressPolicy {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(null);

    private static final String METADATA = "the cloud metadata address";

    private final InetAddress allowedLoopback;

    private AddressPolicy(InetAddress allowedLoopback) {
        this.allowedLoopback = allowedLoopback;
    }

    public static AddressPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    /** This policy, also letting through exactly this loopback address (tests against a local server). */
    public AddressPolicy allowing(InetAddress loopback) {
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("only a loopback address can be allowed, not " + loopback);
        }
        return new AddressPolicy(loopback);
    }

    public boolean isForbidden(InetAddress address) {
        return refusal(address).isPresent();
    }

    /** Why the address is refused, worded to follow "is" or "resolves to" ("a private address"); empty if allowed. */
    public Optional<String> refusal(InetAddress address) {
        if (allowedLoopback != null && allowedLoopback.equals(address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        return Optional.ofNullable(b.length == 4 ? ipv4(b, 0) : ipv6(b));
    }

    private static String ipv4(byte[] bytes, int offset) {
        int a = (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8 | bytes[offset + 3] & 0xff;
        if (in(a, 0x00000000, 8)) {
            return a == 0 ? "the unspecified address" : "a this-network address";
        }
        if (in(a, 0x0a000000, 8) || in(a, 0xac100000, 12) || in(a, 0xc0a80000, 16)) {
            return "a private address";
        }
        if (in(a, 0x7f000000, 8)) {
            return "a loopback address";
        }
        if (a == 0xa9fea9fe) {
            return METADATA;
        }
        if (in(a, 0xa9fe0000, 16)) {
            return "a link-local address";
        }
        if (in(a, 0x64400000, 10)) {
            return "a carrier-grade NAT address";
        }
        if (in(a, 0xc0000000, 24)) {
            return "an IETF protocol assignment address";
        }
        if (in(a, 0xc0000200, 24) || in(a, 0xc6336400, 24) || in(a, 0xcb007100, 24)) {
            return "a documentation address";
        }
        if (in(a, 0xc6120000, 15)) {
            return "a benchmarking address";
        }
        if (in(a, 0xe0000000, 4)) {
            return "a multicast address";
        }
        if (a == 0xffffffff) {
            return "the broadcast address";
        }
        if (in(a, 0xf0000000, 4)) {
            return "a reserved address";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "IPv4-mapped");
        }
        if (zero(b, 0, 15)) {
            return b[15] == 0 ? "the unspecified address" : b[15] == 1 ? "a loopback address" : "a reserved address";
        }
        if (zero(b, 0, 12)) {
            // ::a.b.c.d, deprecated and unrouted: refused whatever it embeds, and named after it when that is worse.
            String inner = ipv4(b, 12);
            return inner != null ? inner + " (IPv4-compatible)" : "a deprecated IPv4-compatible address";
        }
        int first16 = (b[0] & 0xff) << 8 | b[1] & 0xff;
        int second16 = (b[2] & 0xff) << 8 | b[3] & 0xff;
        if (first16 == 0x0064 && second16 == 0xff9b && zero(b, 4, 8)) {
            return embedded(b, 12, "NAT64");
        }
        if (first16 == 0x0064 && second16 == 0xff9b && b[4] == 0 && b[5] == 1) {
            return "a local-use NAT64 address";
        }
        if (first16 == 0xfd00 && second16 == 0x0ec2 && zero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54) {
            return METADATA;
        }
        if ((first16 & 0xfe00) == 0xfc00) {
            return "a private (unique local) address";
        }
        if ((first16 & 0xffc0) == 0xfe80) {
            return "a link-local address";
        }
        if ((first16 & 0xffc0) == 0xfec0) {
            return "a site-local address";
        }
        if ((first16 & 0xff00) == 0xff00) {
            return "a multicast address";
        }
        if (first16 == 0x2002) {
            return embedded(b, 2, "6to4");
        }
        if (first16 == 0x2001 && second16 == 0x0000) {
            return "a Teredo tunnel address";
        }
        if (first16 == 0x2001 && second16 == 0x0db8) {
            return "a documentation address";
        }
        if ((first16 & 0xe000) != 0x2000) {
            return "a reserved address";
        }
        return null;
    }

    private static String embedded(byte[] b, int offset, String form) {
        String inner = ipv4(b, offset);
        return inner == null ? null : inner + " (" + form + ")";
    }

    private static boolean in(int address, int network, int prefixLength) {
        int mask = -1 << (32 - prefixLength);
        return (address & mask) == network;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
