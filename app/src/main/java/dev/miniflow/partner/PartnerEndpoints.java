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
 * {@code miniflow.partner.endpoints.allowed-hosts}. Checked when the endpoint is set and again
 * before every call (the name may resolve elsewhere by then).
 */
@Component
@org.springframework.modulith.NamedInterface("api")
public class PartnerEndpoints {
  private final boolean allowHttp;
  private final Set<String> allowedHosts;

  PartnerEndpoints(PartnerSettings settings) {
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
    if (allowedHosts.contains(host)) {
      return null;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return "The endpoint's host '" + host + "' cannot be resolved.";
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        return "The endpoint's host '" + host + "' is an internal address (" + address.getHostAddress()
            + "); partners are reached on public addresses only (miniflow.partner.endpoints.allowed-hosts).";
      }
    }
    return null;
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
          || isMappedInternal(b);
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
  }

  /** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
  private static boolean isMappedInternal(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    if ((b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
      return false;
    }
    try {
      return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
    } catch (UnknownHostException e) {
      return true;
    }
  }
}
