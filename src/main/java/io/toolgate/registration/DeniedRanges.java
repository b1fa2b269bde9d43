package io.toolgate.registration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The address ranges a registered upstream may not resolve to unless private ranges are allowed: private,
 * loopback, link-local, shared (CGNAT), multicast, "this network", unique-local IPv6, plus the unspecified address,
 * 240/4 and the NAT64 prefix 64:ff9b::/96 (which can embed any IPv4 address). IPv4-mapped IPv6 addresses are checked as
 * the IPv4 address they carry.
 */
public final class DeniedRanges {

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            if (!Arrays.equals(address, 0, full, network, 0, full)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> RANGES = List.of(
            cidr("0.0.0.0", 8), cidr("10.0.0.0", 8), cidr("100.64.0.0", 10), cidr("127.0.0.0", 8),
            cidr("169.254.0.0", 16), cidr("172.16.0.0", 12), cidr("192.168.0.0", 16), cidr("224.0.0.0", 4),
            cidr("240.0.0.0", 4),
            cidr("::", 128), cidr("::1", 128), cidr("::ffff:0:0", 96), cidr("64:ff9b::", 96), cidr("fc00::", 7),
            cidr("fe80::", 10), cidr("ff00::", 8));

    private DeniedRanges() {
    }

    /** True when the address (IPv6 scope id ignored, IPv4-mapped unwrapped) lies in a denied range. */
    public static boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && isMapped(b)) {
            b = Arrays.copyOfRange(b, 12, 16);
        }
        for (Cidr c : RANGES) {
            if (c.contains(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static Cidr cidr(String literal, int bits) {
        try {
            byte[] raw = literal.contains(":") ? ipv6(literal) : InetAddress.getByName(literal).getAddress();
            return new Cidr(raw, bits);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The 16 bytes of an IPv6 literal; {@code InetAddress} would turn {@code ::ffff:0:0} into an IPv4 address. */
    private static byte[] ipv6(String literal) {
        String[] halves = literal.split("::", -1);
        int[] groups = new int[8];
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
        for (int i = 0; i < head.length; i++) {
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }
}
