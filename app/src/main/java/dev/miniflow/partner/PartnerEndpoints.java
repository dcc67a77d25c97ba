package dev.miniflow.partner;

import dev.miniflow.support.Problems;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Where a target app's connector may send publications. An admin types the endpoint, so it must
 * not become a way into Miniflow's own network: https only (unless allowed), and no loopback,
 * link-local (cloud metadata), private, shared or multicast address, unless the host is named in
 * {@code miniflow.partner.endpoints.allowed-hosts}. Checked when the endpoint is set, again
 * before every call (the name may resolve elsewhere by then), and on the addresses each connection
 * of {@link OutboundHttp} goes to.
 */
@Component
@org.springframework.modulith.NamedInterface("api")
public class PartnerEndpoints {
  /** How a host name becomes addresses (the system resolver; a test's stand-in). */
  interface Lookup {
    InetAddress[] addresses(String host) throws UnknownHostException;
  }

  /** A name that resolved to an internal address when a connection was to be made to it. */
  @org.springframework.modulith.NamedInterface("api")
  public static final class InternalAddressException extends UnknownHostException {
    InternalAddressException(String why) {
      super(why);
    }
  }

  private final boolean allowHttp;
  private final Set<String> allowedHosts;
  private final Lookup lookup;

  @org.springframework.beans.factory.annotation.Autowired
  PartnerEndpoints(PartnerSettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  PartnerEndpoints(PartnerSettings settings, Lookup lookup) {
    this.lookup = lookup;
    this.allowHttp = settings.endpoints().allowHttp();
    this.allowedHosts = settings.endpoints().allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The endpoint as a URI, or why it is not allowed (a 400 problem). */
  public URI check(String endpoint) {
    String why = refusal(endpoint);
    if (why != null) {
      throw Problems.invalid(why);
    }
    return URI.create(endpoint.strip());
  }

  /** Why a call to the endpoint is not allowed now, or null. */
  String refusal(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      return "The endpoint must be an absolute https URL.";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return "The endpoint must be an absolute https URL.";
    }
    if (uri.getUserInfo() != null) {
      return "The endpoint may not carry credentials; the connector signs its calls with the target app's secret.";
    }
    if (scheme.equals("http") && !allowHttp) {
      return "The endpoint must use https (plain http is switched off: miniflow.partner.endpoints.allow-http).";
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      publicAddresses(host);
      return null;
    } catch (InternalAddressException e) {
      return e.getMessage();
    } catch (UnknownHostException e) {
      return "The endpoint's host '" + host + "' cannot be resolved.";
    }
  }

  /**
   * The host's addresses if Miniflow may call it: all of them public, or the host allowed by name.
   * {@link OutboundHttp} connects only to what this returns.
   */
  InetAddress[] publicAddresses(String host) throws UnknownHostException {
    String name = host.toLowerCase(Locale.ROOT);
    InetAddress[] addresses = lookup.addresses(name);
    if (allowedHosts.contains(name)) {
      return addresses;
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        throw new InternalAddressException("The endpoint's host '" + name + "' is an internal address ("
            + address.getHostAddress()
            + "); partners are reached on public addresses only (miniflow.partner.endpoints.allowed-hosts).");
      }
    }
    return addresses;
  }

  /**
   * A client for calls to endpoints this allows, each call limited to {@code connectTimeout} plus
   * {@code timeout}; its owner closes it.
   */
  public OutboundHttp client(java.time.Duration connectTimeout, java.time.Duration timeout, int connectionsPerHost) {
    return new OutboundHttp(this, connectTimeout, timeout, connectionsPerHost);
  }

  /** Loopback, any-local, link-local, site-local, unique-local (fc00::/7), shared (100.64/10), multicast, broadcast. */
  static boolean internal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc // unique local
          || embeddedInternal(b);
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
  }

  /**
   * IPv6 forms that carry an IPv4 address are judged as that address: mapped (::ffff:a.b.c.d),
   * compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). Teredo (2001::/32), local
   * NAT64 (64:ff9b:1::/48) and discard-only (100::/64) tunnel or lead to places that cannot be
   * judged, so they count as internal.
   */
  private static boolean embeddedInternal(byte[] b) {
    int word0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int word1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (word0 == 0x2002) {
      return internalIpv4(b, 2);
    }
    if (word0 == 0x2001 && word1 == 0) {
      return true;
    }
    if (word0 == 0x0100 && zero(b, 2, 8)) {
      return true;
    }
    if (word0 == 0x0064 && word1 == 0xff9b) {
      return zero(b, 4, 12) ? internalIpv4(b, 12) : (b[4] == 0 && b[5] == 1);
    }
    if (zero(b, 0, 10) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
      return internalIpv4(b, 12);
    }
    return false;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean internalIpv4(byte[] b, int at) {
    try {
      return internal(InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]}));
    } catch (UnknownHostException e) {
      return true;
    }
  }
}
