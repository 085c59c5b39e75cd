package org.oneplace.platform;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The address guard every outbound connection a user can aim goes through — provider API base URLs, SMTP and IMAP
 * hosts, integrators' webhook endpoints, push services (SSRF, RELIABILITY SEC-10). A destination is resolved and
 * refused when any of its addresses is loopback, private (RFC 1918), carrier-grade NAT, link-local (the cloud
 * metadata service at 169.254.169.254 among them), unique-local, multicast, unspecified, reserved or documentation —
 * also when written as a numeric trick ({@code 0x7f000001}, {@code 2130706433}, {@code 0177.0.0.1}) or embedded in
 * an IPv6 address (IPv4-mapped {@code ::ffff:127.0.0.1}, NAT64, 6to4) — unless {@code ONEPLACE_OUTBOUND_ALLOW} names
 * it. Callers check when a destination is configured and again before every connection, so a name that later
 * resolves somewhere else (DNS rebinding) is caught when it is used; callers never follow redirects.
 *
 * <p>{@code ONEPLACE_OUTBOUND_ALLOW} is a comma-separated list of {@code host}, {@code host:port}, an address, an
 * {@code address:port} ({@code [v6]:port}) or a CIDR range ({@code 10.0.0.0/8}).
 */
@Component
public class OutboundGuard {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");
    private static final Pattern CANONICAL_V4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private final List<Allowed> allowed;

    public OutboundGuard(@Value("${oneplace.outbound.allow:}") String allow) {
        this.allowed = parse(allow);
    }

    /** Refused: the detail says which address and how an operator allows it. */
    public static final class RefusedException extends DomainException {
        RefusedException(String detail) {
            super(Reason.INVALID, "Destination not allowed", detail);
        }
    }

    /**
     * Checks a URL a user gave: http or https, a host, and only addresses that may be reached.
     *
     * @param what names the setting in the answer, e.g. {@code 'apiBaseUrl'}
     * @throws RefusedException naming the address and why
     */
    public void checkUrl(String what, String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedException(what + " must be an http or https URL, not '" + url + "'.");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw new RefusedException(
                    what + " must be an http or https URL with a host and no user name, not '" + url + "'.");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        checkHost(what, uri.getHost(), port);
    }

    /**
     * Checks a host and port (a mail server) the same way.
     *
     * @throws RefusedException naming the address and why
     */
    public void checkHost(String what, String host, int port) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new RefusedException(what + " names no host.");
        }
        if (port < 1 || port > 65535) {
            throw new RefusedException(what + ": port " + port + " is not a port (1-65535).");
        }
        if (!name.contains(":")
                && isNumericForm(name)
                && !CANONICAL_V4.matcher(name).matches()) {
            throw new RefusedException(what + ": '" + host + "' is an address in an unusual notation; write it as"
                    + " four decimal numbers (a.b.c.d) or use a host name.");
        }
        if (hostAllowed(name, port)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new RefusedException(what + ": the host '" + host + "' cannot be resolved; check the name.");
        }
        for (InetAddress address : addresses) {
            String why = nonPublic(address);
            if (why != null && !addressAllowed(address, port)) {
                throw new RefusedException(what + ": '" + host + "' resolves to " + why + " ("
                        + address.getHostAddress() + "), which Oneplace does not connect to; an operator can allow it"
                        + " with ONEPLACE_OUTBOUND_ALLOW.");
            }
        }
    }

    private static boolean isNumericForm(String name) {
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Why an address may not be reached, e.g. "a loopback address"; null when it is public. */
    static @Nullable String nonPublic(InetAddress address) {
        if (address instanceof Inet4Address) {
            return nonPublicV4(address.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress() || (b[0] & 0xFE) == 0xFC) {
            return "a private (unique-local) address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= b[i] == 0;
        }
        if (zero10 && ((b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) || (b[10] == 0 && b[11] == 0))) {
            String inner = nonPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            return inner == null ? null : inner + " inside an IPv6 address";
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B) { // NAT64 64:ff9b::/96
            String inner = nonPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            return inner == null ? null : inner + " behind NAT64";
        }
        if (b[0] == 0x20 && b[1] == 0x02) { // 6to4 2002::/16 carries an IPv4 address in bytes 2-5
            String inner = nonPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
            return inner == null ? null : inner + " inside a 6to4 address";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return "a Teredo address";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == (byte) 0xB8) {
            return "a documentation address";
        }
        if (b[0] == 0x01
                && b[1] == 0x00
                && b[2] == 0
                && b[3] == 0
                && b[4] == 0
                && b[5] == 0
                && b[6] == 0
                && b[7] == 0) {
            return "a discard address";
        }
        return null;
    }

    private static @Nullable String nonPublicV4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 127) {
            return "a loopback address";
        }
        if (a0 == 0) {
            return "an unspecified address";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "a private address";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "a carrier-grade NAT address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address (the cloud metadata service lives there)";
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return "a reserved address";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "a benchmarking address";
        }
        if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "a documentation address";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "a multicast address";
        }
        if (a0 >= 240) {
            return "a reserved address";
        }
        return null;
    }

    // ---- the operator's exceptions --------------------------------------------------------------------------

    private record Allowed(@Nullable String host, byte @Nullable [] network, int prefix, int port) {}

    private boolean hostAllowed(String host, int port) {
        for (Allowed a : allowed) {
            if (a.host() != null && a.host().equals(host) && (a.port() < 0 || a.port() == port)) {
                return true;
            }
        }
        return false;
    }

    private boolean addressAllowed(InetAddress address, int port) {
        byte[] bytes = address.getAddress();
        for (Allowed a : allowed) {
            if (a.network() != null
                    && a.network().length == bytes.length
                    && (a.port() < 0 || a.port() == port)
                    && inPrefix(bytes, a.network(), a.prefix())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inPrefix(byte[] address, byte[] network, int prefix) {
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static List<Allowed> parse(String allow) {
        List<Allowed> entries = new ArrayList<>();
        for (String raw : allow.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int port = -1;
            String target = entry;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("ONEPLACE_OUTBOUND_ALLOW: '" + raw + "' lacks its ']'");
                }
                target = entry.substring(1, close);
                if (entry.length() > close + 1) {
                    port = port(raw, entry.substring(close + 1));
                }
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                target = entry.substring(0, entry.indexOf(':'));
                port = port(raw, entry.substring(entry.indexOf(':')));
            }
            int prefix = -1;
            if (target.contains("/")) {
                prefix = Integer.parseInt(target.substring(target.indexOf('/') + 1));
                target = target.substring(0, target.indexOf('/'));
            }
            boolean literal =
                    target.contains(":") || CANONICAL_V4.matcher(target).matches();
            if (literal) {
                byte[] network;
                try {
                    network = InetAddress.getByName(target).getAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("ONEPLACE_OUTBOUND_ALLOW: '" + raw + "' is not an address", e);
                }
                int bits = network.length * 8;
                entries.add(new Allowed(null, network, prefix < 0 ? bits : Math.min(prefix, bits), port));
            } else {
                entries.add(new Allowed(target, null, 0, port));
            }
        }
        return List.copyOf(entries);
    }

    private static int port(String raw, String colonPort) {
        try {
            return Integer.parseInt(colonPort.substring(1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("ONEPLACE_OUTBOUND_ALLOW: '" + raw + "' has no valid port", e);
        }
    }
}
