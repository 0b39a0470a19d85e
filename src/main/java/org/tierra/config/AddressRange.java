package org.tierra.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), as in
 * {@code TIERRA_TRUSTED_PROXIES}. Only literal addresses are accepted: a host name would need a DNS
 * lookup, and trusting whatever a name resolves to is trusting the DNS server.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixBits;

    private AddressRange(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /**
     * Reads {@code 192.168.1.10}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}.
     *
     * @throws ConfigException saying what is wrong with {@code text}
     */
    public static AddressRange parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2
                || !(IPV4.matcher(parts[0]).matches() || IPV6.matcher(parts[0]).matches())) {
            throw new ConfigException("'" + text + "' is not an IP address or CIDR block such as 10.0.0.0/8 or ::1"
                    + " (host names are not accepted)");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new ConfigException("'" + text + "' is not a valid IP address", e);
        }
        int bits = address.length * 8;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new ConfigException("'" + text + "' has a prefix length that is not a number", e);
            }
        }
        if (bits < 0 || bits > address.length * 8) {
            throw new ConfigException("'" + text + "' has a prefix length outside 0.." + address.length * 8);
        }
        return new AddressRange(address, bits);
    }

    /** Whether {@code address} (as Jetty reports a peer, e.g. {@code 127.0.0.1}) lies in this range. */
    public boolean contains(String address) {
        if (!(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            return false;
        }
        byte[] candidate;
        try {
            candidate = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixBits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range
                && range.prefixBits == prefixBits
                && java.util.Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
