package dev.loupe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpRangeTest {
    @Test
    void ipv4RangesHoldExactlyTheirAddresses() {
        IpRange range = IpRange.parse("203.0.113.0/24");
        assertThat(range.contains("203.0.113.0")).isTrue();
        assertThat(range.contains("203.0.113.255")).isTrue();
        assertThat(range.contains("203.0.114.0")).isFalse();
        assertThat(range.contains("203.0.112.255")).isFalse();

        IpRange odd = IpRange.parse("10.64.0.0/10");
        assertThat(odd.contains("10.64.0.1")).isTrue();
        assertThat(odd.contains("10.127.255.255")).isTrue();
        assertThat(odd.contains("10.128.0.0")).isFalse();
        assertThat(odd.contains("10.63.255.255")).isFalse();
    }

    @Test
    void aBareAddressIsARangeOfOneAndSlashZeroIsEverything() {
        assertThat(IpRange.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(IpRange.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
        assertThat(IpRange.parse("127.0.0.1")).isEqualTo(IpRange.parse("127.0.0.1/32"));
        assertThat(IpRange.parse("0.0.0.0/0").contains("198.51.100.7")).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains("2001:db8::1")).isFalse();
        assertThat(IpRange.parse("::/0").contains("2001:db8::1")).isTrue();
    }

    @Test
    void ipv6RangesHoldExactlyTheirAddresses() {
        IpRange range = IpRange.parse("2001:db8:abcd::/48");
        assertThat(range.contains("2001:db8:abcd::1")).isTrue();
        assertThat(range.contains("2001:DB8:ABCD:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(range.contains("2001:db8:abce::1")).isFalse();
        assertThat(range.toString()).isEqualTo("2001:db8:abcd:0:0:0:0:0/48");

        IpRange nibble = IpRange.parse("2001:db8::/29");
        assertThat(nibble.contains("2001:0dbf:ffff::1")).isTrue();
        assertThat(nibble.contains("2001:0dc0::1")).isFalse();
        assertThat(IpRange.parse("::1").contains("::1")).isTrue();
        assertThat(IpRange.parse("::1/128").contains("::2")).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressesAreTheirIpv4Address() {
        assertThat(IpRange.parse("192.0.2.0/24").contains("::ffff:192.0.2.44")).isTrue();
        assertThat(IpRange.parse("::ffff:192.0.2.0/24").contains("192.0.2.44")).isTrue();
        // Other families never match each other.
        assertThat(IpRange.parse("192.0.2.0/24").contains("2001:db8::c000:22c")).isFalse();
    }

    @Test
    void clientAddressesThatAreNotLiteralsMatchNothingAndAreNeverLookedUp() {
        IpRange everything = IpRange.parse("0.0.0.0/0");
        assertThat(everything.contains("localhost")).isFalse();
        assertThat(everything.contains("example.com")).isFalse();
        assertThat(everything.contains("")).isFalse();
        assertThat(everything.contains(null)).isFalse();
        assertThat(everything.contains("10.1")).isFalse();
        assertThat(everything.contains("0x7f000001")).isFalse();
        assertThat(IpRange.parse("::/0").contains("fe80::1%eth0")).isFalse();
    }

    @Test
    void badRangesAreRefusedWithAReason() {
        assertThatThrownBy(() -> IpRange.parse("10.0.0.1/8")).hasMessageContaining("bits set after");
        assertThatThrownBy(() -> IpRange.parse("2001:db8::1/32")).hasMessageContaining("bits set after");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("2001:db8::/129")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/-1")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("256.0.0.0/8")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> IpRange.parse("10.1/16")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> IpRange.parse("example.com/24")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> IpRange.parse(" ")).hasMessageContaining("empty");
    }
}
