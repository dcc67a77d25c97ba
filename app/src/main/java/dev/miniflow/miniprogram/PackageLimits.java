package dev.miniflow.miniprogram;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Package limits (configurable under {@code miniflow.package}). */
@ConfigurationProperties("miniflow.package")
public record PackageLimits(DataSize maxMainBytes, DataSize maxTotalBytes, int maxEntries, int maxCompressionRatio,
    DataSize maxManifestBytes) {

  public static PackageLimits defaults() {
    return new PackageLimits(DataSize.ofMegabytes(2), DataSize.ofMegabytes(30), 10_000, 100, DataSize.ofKilobytes(64));
  }
}
