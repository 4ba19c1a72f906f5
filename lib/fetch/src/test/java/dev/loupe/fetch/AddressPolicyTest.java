package dev.loupe.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions only: every address is built from its bytes (InetAddress.ofLiteral), nothing is looked up or reached. */
class AddressPolicyTest {
    private static final AddressPolicy POLICY = AddressPolicy.PUBLIC_ONLY;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0 | the unspecified address",
            "0.1.2.3 | a this-network address",
            "127.0.0.1 | a loopback address",
            "127.255.255.254 | a loopback address",
            "10.0.0.5 | a private address",
            "10.255.255.255 | a private address",
            "172.16.0.1 | a private address",
            "172.31.255.255 | a private address",
            "192.168.1.1 | a private address",
            "169.254.169.254 | the cloud metadata address",
            "169.254.170.2 | a link-local address",
            "169.254.0.1 | a link-local address",
            "100.64.0.1 | a carrier-grade NAT address",
            "100.127.255.255 | a carrier-grade NAT address",
            "192.0.0.170 | an IETF protocol assignment address",
            "192.0.2.1 | a documentation address",
            "198.51.100.7 | a documentation address",
            "203.0.113.9 | a documentation address",
            "198.18.0.1 | a benchmarking address",
            "198.19.255.255 | a benchmarking address",
            "224.0.0.1 | a multicast address",
            "239.255.255.250 | a multicast address",
            "240.0.0.1 | a reserved address",
            "255.255.255.254 | a reserved address",
            "255.255.255.255 | the broadcast address"})
    void refusesSpecialIpv4Ranges(String literal, String reason) {
        assertThat(POLICY.refusal(InetAddress.ofLiteral(literal))).contains(reason);
        assertThat(POLICY.isForbidden(InetAddress.ofLiteral(literal))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ":: | the unspecified address",
            "::1 | a loopback address",
            "fc00::1 | a private (unique local) address",
            "fdff:ffff::1 | a private (unique local) address",
            "fd00:ec2::254 | the cloud metadata address",
            "fd00:ec2::253 | a private (unique local) address",
            "fe80::1 | a link-local address",
            "febf::1 | a link-local address",
            "fec0::1 | a site-local address",
            "ff02::1 | a multicast address",
            "ff0e::1 | a multicast address",
            "::127.0.0.1 | a loopback address (IPv4-compatible)",
            "::10.0.0.1 | a private address (IPv4-compatible)",
            "::8.8.8.8 | a deprecated IPv4-compatible address",
            "::2 | a reserved address",
            "64:ff9b::127.0.0.1 | a loopback address (NAT64)",
            "64:ff9b::a9fe:a9fe | the cloud metadata address (NAT64)",
            "64:ff9b::192.168.0.1 | a private address (NAT64)",
            "64:ff9b:1::1 | a local-use NAT64 address",
            "2002:7f00:1::1 | a loopback address (6to4)",
            "2002:a00:5::1 | a private address (6to4)",
            "2002:a9fe:a9fe::1 | the cloud metadata address (6to4)",
            "2001::1 | a Teredo tunnel address",
            "2001:db8::1 | a documentation address",
            "100::1 | a reserved address",
            "4000::1 | a reserved address"})
    void refusesEverythingButGlobalUnicastIpv6(String literal, String reason) {
        assertThat(POLICY.refusal(InetAddress.ofLiteral(literal))).contains(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | a loopback address",
            "10.1.2.3 | a private address",
            "169.254.169.254 | the cloud metadata address",
            "0.0.0.0 | the unspecified address",
            "100.64.1.1 | a carrier-grade NAT address"})
    void refusesIpv4MappedFormsBuiltAsInet6Addresses(String v4, String reason) throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.ofLiteral(v4).getAddress(), 0, mapped, 12, 4);
        // InetAddress.getByAddress turns a mapped address into an Inet4Address; Inet6Address keeps the v6 form.
        assertThat(POLICY.refusal(InetAddress.getByAddress(mapped))).contains(reason);
        assertThat(POLICY.refusal(java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .contains(reason + " (IPv4-mapped)");
        assertThat(POLICY.refusal(InetAddress.ofLiteral("::ffff:" + v4))).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "93.184.215.14", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1",
            "223.255.255.255", "11.0.0.1", "126.255.255.255", "128.0.0.1",
            "2606:4700::1", "2a00:1450:4001::200e", "2001:4860:4860::8888", "64:ff9b::8.8.8.8",
            "2002:808:808::1", "::ffff:93.184.215.14"})
    void allowsPublicAddresses(String literal) {
        assertThat(POLICY.refusal(InetAddress.ofLiteral(literal))).isEmpty();
        assertThat(POLICY.isForbidden(InetAddress.ofLiteral(literal))).isFalse();
    }

    @Test
    void anAllowedLoopbackTargetLetsItsAddressThroughAndOnlyItsPortWhereTheConnectionIsMade() {
        AddressPolicy local = AddressPolicy.publicOnly()
                .allowing(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 8099));
        // Where only the address is known (a resolved name): the allowed address passes, no other loopback one.
        assertThat(local.isForbidden(InetAddress.ofLiteral("127.0.0.1"))).isFalse();
        assertThat(local.isForbidden(InetAddress.ofLiteral("127.0.0.2"))).isTrue();
        assertThat(local.isForbidden(InetAddress.ofLiteral("::1"))).isTrue();
        assertThat(local.isForbidden(InetAddress.ofLiteral("10.0.0.1"))).isTrue();
        assertThat(local.isForbidden(InetAddress.ofLiteral("169.254.169.254"))).isTrue();
        // Where the connection is made: the allowed port only.
        assertThat(local.refusal(endpoint("127.0.0.1", 8099))).isEmpty();
        assertThat(local.refusal(endpoint("127.0.0.1", 8100)))
                .contains("a loopback address on port 8100 (only port 8099 of it is allowed)");
        assertThat(local.refusal(endpoint("127.0.0.2", 8099))).contains("a loopback address");
        assertThat(local.refusal(endpoint("93.184.215.14", 443))).isEmpty();
        assertThat(AddressPolicy.PUBLIC_ONLY.isForbidden(InetAddress.ofLiteral("127.0.0.1"))).isTrue();
        assertThat(AddressPolicy.PUBLIC_ONLY.refusal(endpoint("127.0.0.1", 8099))).contains("a loopback address");
    }

    @Test
    void onlyALoopbackAddressWithAPortCanBeAllowed() {
        assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.allowing(endpoint("10.0.0.1", 80)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.allowing(endpoint("169.254.169.254", 80)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.allowing(endpoint("127.0.0.1", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.allowing(InetSocketAddress.createUnresolved("localhost",
                8099))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:8099 | 127.0.0.1 | 8099",
            "' 127.0.0.2:1 ' | 127.0.0.2 | 1",
            "[::1]:65535 | ::1 | 65535"})
    void readsALoopbackTarget(String text, String address, int port) {
        assertThat(AddressPolicy.loopbackTarget(text)).isEqualTo(endpoint(address, port));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | has no port",
            "127.0.0.1: | has no port",
            "::1 | has no port",
            "[::1] | has no port",
            "localhost:8099 | 'localhost' is not an IP address",
            "127.0.0.1:0 | '0' is not a port from 1 to 65535",
            "127.0.0.1:65536 | is not a port",
            "127.0.0.1:http | is not a port",
            "10.0.0.1:8099 | 10.0.0.1 is not a loopback address",
            "0.0.0.0:8099 | is not a loopback address",
            "[::ffff:10.0.0.1]:8099 | is not a loopback address"})
    void refusesAnythingButALoopbackAddressAndPort(String text, String message) {
        assertThatThrownBy(() -> AddressPolicy.loopbackTarget(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining("such as 127.0.0.1:8099");
    }

    private static InetSocketAddress endpoint(String address, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(address), port);
    }
}
