package org.tierra.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tierra.config.AddressRange;
import org.tierra.config.TierraConfig;

/**
 * Where a request's client reaches Tierra, which is the base of every link Tierra writes (OGC links,
 * OpenAPI {@code servers}, TileJSON {@code tiles}, {@code next} pages, {@code Location}), and who that
 * client is (for the login throttle and the log).
 *
 * <p>In order: {@code TIERRA_PUBLIC_URL} fixes scheme, host and path prefix outright. Otherwise a
 * request from a trusted proxy ({@code TIERRA_TRUSTED_PROXIES}) is believed about the original scheme
 * and host ({@code Forwarded}, RFC 7239, then {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port})
 * and the path it strips ({@code X-Forwarded-Prefix}). Anyone else gets the address it used itself:
 * from an untrusted peer those headers are ignored, since anybody can send them. A forwarded value
 * that is not a plain scheme, host or path is ignored too, so a header cannot inject text into links.
 *
 * <p>It is installed as Javalin's context resolver, so {@code ctx.url()}, {@code ctx.fullUrl()},
 * {@code ctx.scheme()}, {@code ctx.host()} and {@code ctx.ip()} all answer with the public view.
 */
public final class PublicAddress {

    private static final String ORIGIN = "tierra.publicOrigin";
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /** Scheme, host[:port] and path prefix (no trailing slash) as the client sees them, and its address. */
    record Origin(String scheme, String authority, String prefix, String clientAddress) {
        String base() {
            return scheme + "://" + authority + prefix;
        }
    }

    private final Optional<URI> publicUrl;
    private final List<AddressRange> trustedProxies;

    private PublicAddress(TierraConfig.Security security) {
        this.publicUrl = security.publicUrl();
        this.trustedProxies = security.trustedProxies();
    }

    /** Makes Javalin's URL, scheme, host and IP of every request the public ones. */
    static void install(JavalinConfig config, TierraConfig.Security security) {
        PublicAddress resolver = new PublicAddress(security);
        config.contextResolver.ip = ctx -> resolver.origin(ctx).clientAddress();
        config.contextResolver.scheme = ctx -> resolver.origin(ctx).scheme();
        config.contextResolver.host = ctx -> resolver.origin(ctx).authority();
        config.contextResolver.url = ctx -> resolver.origin(ctx).base() + ctx.path();
    }

    /**
     * The base every link of this request starts with, e.g. {@code https://registro.example.org/tierra}:
     * a link is this base followed by a server path such as {@code /ogc/collections}.
     */
    public static String base(Context ctx) {
        String url = ctx.url();
        return url.substring(0, url.length() - ctx.path().length());
    }

    /** Whether the client reached Tierra over HTTPS (directly, or through a trusted proxy or the public URL). */
    public static boolean https(Context ctx) {
        return ctx.scheme().equals("https");
    }

    private Origin origin(Context ctx) {
        Origin cached = ctx.attribute(ORIGIN);
        if (cached == null) {
            cached = resolve(ctx);
            ctx.attribute(ORIGIN, cached);
        }
        return cached;
    }

    private Origin resolve(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        boolean fromProxy = trustedProxies.stream().anyMatch(range -> range.contains(peer));
        String client = fromProxy ? forwardedClient(ctx, peer) : peer;
        if (publicUrl.isPresent()) {
            URI url = publicUrl.get();
            return new Origin(url.getScheme(), url.getRawAuthority(), url.getRawPath(), client);
        }
        String scheme = ctx.req().getScheme().toLowerCase(Locale.ROOT);
        String authority = Optional.ofNullable(ctx.req().getHeader("Host"))
                .filter(host -> HOST.matcher(host).matches())
                .orElse(ctx.req().getServerName() + ":" + ctx.req().getServerPort());
        String prefix = "";
        if (fromProxy) {
            Optional<String> forwardedScheme = forwardedParameter(ctx, "proto")
                    .or(() -> firstValue(ctx, "X-Forwarded-Proto"))
                    .map(value -> value.toLowerCase(Locale.ROOT))
                    .filter(value -> value.equals("http") || value.equals("https"));
            Optional<String> forwardedHost = forwardedParameter(ctx, "host")
                    .or(() -> firstValue(ctx, "X-Forwarded-Host"))
                    .filter(value -> HOST.matcher(value).matches());
            scheme = forwardedScheme.orElse(scheme);
            authority = forwardedHost
                    .map(host -> withForwardedPort(ctx, host, forwardedScheme.orElse("http")))
                    .orElse(authority);
            prefix = firstValue(ctx, "X-Forwarded-Prefix")
                    .map(value -> value.replaceAll("/+$", ""))
                    .filter(value -> PREFIX.matcher(value).matches())
                    .orElse("");
        }
        return new Origin(scheme, authority, prefix, client);
    }

    /** {@code X-Forwarded-Port} completes a host forwarded without one, unless it is the scheme's default. */
    private static String withForwardedPort(Context ctx, String host, String scheme) {
        if (host.matches(".*:\\d+$")) {
            return host;
        }
        return firstValue(ctx, "X-Forwarded-Port")
                .filter(port -> PORT.matcher(port).matches())
                .filter(port -> !(scheme.equals("https") && port.equals("443"))
                        && !(scheme.equals("http") && port.equals("80")))
                .map(port -> host + ":" + port)
                .orElse(host);
    }

    /**
     * The client's address: walking the chain of forwarded addresses from the nearest hop outwards, the
     * first one that is not itself a trusted proxy.
     */
    private String forwardedClient(Context ctx, String peer) {
        List<String> chain = new ArrayList<>();
        String forwarded = ctx.req().getHeader("Forwarded");
        if (forwarded != null) {
            for (String element : forwarded.split(",", -1)) {
                parameter(element, "for").map(PublicAddress::stripPort).ifPresent(chain::add);
            }
        } else {
            String forwardedFor = ctx.req().getHeader("X-Forwarded-For");
            if (forwardedFor != null) {
                for (String address : forwardedFor.split(",", -1)) {
                    chain.add(stripPort(address.strip()));
                }
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String address = chain.get(i);
            if (trustedProxies.stream().noneMatch(range -> range.contains(address))) {
                return address;
            }
        }
        return chain.isEmpty() ? peer : chain.get(0);
    }

    /** {@code [2001:db8::1]:4711} → {@code 2001:db8::1}, {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
    private static String stripPort(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        int colon = address.indexOf(':');
        return colon > 0 && address.indexOf(':', colon + 1) < 0 ? address.substring(0, colon) : address;
    }

    /** A parameter of the first (the client's side) element of {@code Forwarded}. */
    private static Optional<String> forwardedParameter(Context ctx, String name) {
        String forwarded = ctx.req().getHeader("Forwarded");
        return forwarded == null ? Optional.empty() : parameter(forwarded.split(",", 2)[0], name);
    }

    private static Optional<String> parameter(String element, String name) {
        for (String pair : element.split(";", -1)) {
            String[] nameAndValue = pair.strip().split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase(name)) {
                String value = nameAndValue[1].strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value).filter(text -> !text.isEmpty());
            }
        }
        return Optional.empty();
    }

    /** The first of a comma-separated header's values: the one the outermost proxy wrote. */
    private static Optional<String> firstValue(Context ctx, String header) {
        return Optional.ofNullable(ctx.req().getHeader(header))
                .map(value -> value.split(",", 2)[0].strip())
                .filter(value -> !value.isEmpty());
    }
}
