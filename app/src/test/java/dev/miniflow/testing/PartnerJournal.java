package dev.miniflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a partner app stubbed with WireMock was asked, by release (its publications carry the
 * idempotency key {@code release-<id>-…}): counted at the partner, not in Miniflow's own records.
 */
public final class PartnerJournal {
  private PartnerJournal() {}

  /** Every publication call for the release the partner received, whatever it answered. */
  public static long requestsFor(WireMockServer partner, long releaseId) {
    return partner.getAllServeEvents().stream().filter(e -> forRelease(e, releaseId)).count();
  }

  /**
   * How many publications the partner accepted (answered 200) for the release, one per idempotency
   * key; a key accepted more than once fails the test.
   */
  public static long acceptedPublications(WireMockServer partner, long releaseId) {
    Map<String, Long> byKey = partner.getAllServeEvents().stream()
        .filter(e -> forRelease(e, releaseId) && e.getResponse().getStatus() == 200)
        .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
    assertThat(byKey).as("accepted calls per idempotency key, release " + releaseId)
        .allSatisfy((key, calls) -> assertThat(calls).as(key).isEqualTo(1));
    return byKey.size();
  }

  private static boolean forRelease(ServeEvent event, long releaseId) {
    String key = event.getRequest().getHeader("Idempotency-Key");
    return key != null && key.startsWith("release-" + releaseId + "-");
  }
}
