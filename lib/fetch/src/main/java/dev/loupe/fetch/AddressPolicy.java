package dev.loupe.fetch;

import dev.loupe.core.config.Env;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Which addresses a URL fetched for a user may connect to: public ones only. Decides on an address already resolved
 * (never looks anything up). IPv4 is checked against the special-purpose ranges; IPv6 must be global unicast
 * (2000::/3) or a form that embeds IPv4 (mapped, NAT64, 6to4), and then the embedded address is checked as IPv4.
 *
 * <p>Production code uses {@link #PUBLIC_ONLY} ({@link #fromEnv} with the variable empty, as template.yaml has it).
 * {@link #allowing} lets through one loopback address and port besides: a receiver or file server on the developer's
 * machine under the local cloud, or a test's server. It accepts only a loopback address, so that it can never open
 * the private network, and only that one port of it: the address passes where only an address is known (a resolved
 * name, {@link #refusal(InetAddress)}), the port where the connection is made ({@link #refusal(InetSocketAddress)}),
 * so that a redirect or a DNS answer to the same address on another port (the local cloud's emulators, its API) is
 * still refused.
 */
public final class AddressPolicy {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(null);

    private static final String METADATA = "the cloud metadata address";

    private final InetSocketAddress allowedLoopback;

    private AddressPolicy(InetSocketAddress allowedLoopback) {
        this.allowedLoopback = allowedLoopback;
    }

    public static AddressPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    /**
     * The policy that {@code LOOPBACK_ALLOWED_TARGET} sets: public addresses only when it is empty (template.yaml, so
     * on AWS), else also the one loopback address and port it names ({@link #loopbackTarget}).
     */
    public static AddressPolicy fromEnv() {
        var target = Env.LOOPBACK_ALLOWED_TARGET.optional();
        if (target.isEmpty()) {
            return PUBLIC_ONLY;
        }
        try {
            return PUBLIC_ONLY.allowing(loopbackTarget(target.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LOOPBACK_ALLOWED_TARGET: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a loopback address and port as {@code 127.0.0.1:8099} or {@code [::1]:8099}: an IP address, never a
     * name (nothing is looked up), that is loopback, and a port from 1 to 65535.
     *
     * @throws IllegalArgumentException saying what is wrong, for a person to read
     */
    public static InetSocketAddress loopbackTarget(String text) {
        String value = text.strip();
        String example = " (an address and port such as 127.0.0.1:8099)";
        int colon = value.lastIndexOf(':');
        boolean bareIpv6 = value.indexOf(':') != colon && !value.startsWith("[");
        if (colon <= 0 || colon == value.length() - 1 || value.endsWith("]") || bareIpv6) {
            throw new IllegalArgumentException("'" + text + "' has no port" + example);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]")) {
            throw new IllegalArgumentException("'" + text + "' is not an address and port" + example);
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address; a name is not looked up"
                    + example);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + value.substring(colon + 1) + "' is not a port from 1 to 65535"
                    + example);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(host + " is not a loopback address" + example);
        }
        return new InetSocketAddress(address, port);
    }

    /** This policy, also letting through exactly this loopback address on this port. */
    public AddressPolicy allowing(InetSocketAddress loopback) {
        if (loopback.isUnresolved() || !loopback.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("only a loopback address can be allowed, not " + loopback);
        }
        if (loopback.getPort() == 0) {
            throw new IllegalArgumentException("the allowed loopback address needs its port, not 0");
        }
        return new AddressPolicy(loopback);
    }

    public boolean isForbidden(InetAddress address) {
        return refusal(address).isPresent();
    }

    /**
     * Why the address is refused, worded to follow "is" or "resolves to" ("a private address"); empty if allowed.
     * The allowed loopback address passes here whatever the port: where a connection is made, ask
     * {@link #refusal(InetSocketAddress)}.
     */
    public Optional<String> refusal(InetAddress address) {
        if (allowedLoopback != null && allowedLoopback.getAddress().equals(address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        return Optional.ofNullable(b.length == 4 ? ipv4(b, 0) : ipv6(b));
    }

    /** As {@link #refusal(InetAddress)}, and on the allowed loopback address any port but the allowed one. */
    public Optional<String> refusal(InetSocketAddress endpoint) {
        if (allowedLoopback != null && allowedLoopback.getAddress().equals(endpoint.getAddress())
                && allowedLoopback.getPort() != endpoint.getPort()) {
            return Optional.of("a loopback address on port " + endpoint.getPort() + " (only port "
                    + allowedLoopback.getPort() + " of it is allowed)");
        }
        return refusal(endpoint.getAddress());
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
