package dev.miniflow.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker with a wrong exporter setting refuses to start, saying which setting and why. */
class ExporterSettingsTest {
  @Test
  void settingsFromEnvironmentVariablesArriveInLowerCaseAndAreRead() {
    var settings = MiniflowExporter.Settings.of(Map.of("url", "jdbc:postgresql://db:5432/miniflow",
        "username", "miniflow", "password", "secret", "batchsize", "50", "flushintervalms", "250", "maxbuffered",
        "400"));
    assertThat(settings.batchSize()).isEqualTo(50);
    assertThat(settings.flushInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.maxBuffered()).isEqualTo(400);
    assertThat(settings.username()).isEqualTo("miniflow");
  }

  @Test
  void defaultsKeepABufferOfManyBatches() {
    var settings = MiniflowExporter.Settings.of(Map.of("url", "jdbc:postgresql://db/miniflow"));
    assertThat(settings.batchSize()).isEqualTo(500);
    assertThat(settings.maxBuffered()).isEqualTo(10_000);
    // never fewer kept than one batch, or a full buffer could never be written
    assertThat(MiniflowExporter.Settings.of(Map.of("url", "jdbc:postgresql://db/m", "batchSize", "800",
        "maxBuffered", "10")).maxBuffered()).isEqualTo(800);
  }

  @Test
  void aMissingOrForeignUrlOrABadNumberIsRefusedClearly() {
    assertThatThrownBy(() -> MiniflowExporter.Settings.of(Map.of()))
        .hasMessageContaining("needs its 'url' argument").hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(() -> MiniflowExporter.Settings.of(Map.of("url", "jdbc:mysql://db/miniflow")))
        .hasMessageContaining("got jdbc:mysql://db/miniflow");
    assertThatThrownBy(() -> MiniflowExporter.Settings.of(Map.of("url", "jdbc:postgresql://db/m", "batchSize", "many")))
        .hasMessageContaining("'batchSize' must be a positive whole number, got many");
    assertThatThrownBy(() -> MiniflowExporter.Settings.of(Map.of("url", "jdbc:postgresql://db/m", "maxBuffered", "0")))
        .hasMessageContaining("'maxBuffered'");
  }
}
