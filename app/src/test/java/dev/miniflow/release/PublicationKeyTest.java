package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.partner.RolloutStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publication keys as partners have seen them since the first release, and what a callback's key names (no Spring). */
class PublicationKeyTest {
  @Test
  void eachStepHasTheKeyPartnersKnowAndAChangedStepANewOne() {
    assertThat(PublicationKey.of(7, "native", RolloutStage.FULL, null, List.of())).isEqualTo("release-7-native-FULL");
    assertThat(PublicationKey.of(7, "native", RolloutStage.GRAYSCALE, 20, List.of()))
        .isEqualTo("release-7-native-GRAYSCALE-20");
    assertThat(PublicationKey.of(7, "native", RolloutStage.OFFLINE, null, null)).isEqualTo("release-7-native-OFFLINE");
    String pilot = PublicationKey.of(7, "native", RolloutStage.PILOT, null, List.of("ann", "bob"));
    assertThat(pilot).isEqualTo("release-7-native-PILOT-" + Integer.toHexString(List.of("ann", "bob").hashCode()));
    assertThat(PublicationKey.of(7, "native", RolloutStage.PILOT, null, List.of("ann"))).isNotEqualTo(pilot);
  }

  @Test
  void aCallbackNamesOneOfOurReleasesOrNone() {
    assertThat(PublicationKey.releaseOf("release-7-native-FULL")).contains(7L);
    assertThat(PublicationKey.releaseOf("promotion-7")).isEmpty();
    assertThat(PublicationKey.releaseOf("release-99999999999999999999999-native-FULL")).as("too long for an id")
        .isEmpty();
    assertThat(PublicationKey.releaseOf(null)).isEmpty();
  }
}
