package dev.miniflow.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a connector may call, as configured by default: https, public addresses only. */
class PartnerEndpointsTest {
  static PartnerEndpoints endpoints(boolean allowHttp, List<String> allowedHosts) {
    return new PartnerEndpoints(
        new PartnerSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
            new PartnerSettings.Endpoints(allowHttp, allowedHosts), Duration.ofHours(24)));
  }

  final PartnerEndpoints defaults = endpoints(false, List.of());

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1/", "https://localhost/", "https://169.254.169.254/", "https://10.0.0.1/",
      "https://172.16.5.4/", "https://192.168.1.1/", "https://100.100.100.200/", "https://0.0.0.0/", "https://[::1]/",
      "https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:127.0.0.1]/", "https://224.0.0.1/",
      "https://255.255.255.255/", "https://[64:ff9b::a00:1]/", "https://[64:ff9b:1::1]/", "https://[2002:7f00:1::]/",
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[::7f00:1]/", "https://[100::1]/"})
  void internalAddressesAreRefused(String endpoint) {
    assertThat(defaults.refusal(endpoint)).contains("internal address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://203.0.113.10/", "ftp://203.0.113.10/", "file:///etc/passwd", "https:///nohost",
      "not a url"})
  void onlyHttpsUrlsWithAHost(String endpoint) {
    assertThat(defaults.refusal(endpoint)).containsAnyOf("https", "absolute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://203.0.113.10/publish", "https://[2001:db8::1]/x", "https://[64:ff9b::cb00:710a]/",
      "https://[2002:cb00:710a::1]/"})
  void publicAddressesAreAllowed(String endpoint) {
    assertThat(defaults.refusal(endpoint)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8081/publish", "http://localhost:9/"})
  void namedHostsAndPlainHttpCanBeAllowedInConfiguration(String endpoint) {
    assertThat(endpoints(true, List.of("127.0.0.1", "localhost")).refusal(endpoint)).isNull();
  }
}
