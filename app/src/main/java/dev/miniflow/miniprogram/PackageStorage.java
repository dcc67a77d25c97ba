package dev.miniflow.miniprogram;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param store where uploaded packages are kept (under {@code miniflow.packages}) */
@Validated
@ConfigurationProperties("miniflow.packages")
public record PackageStorage(@NotNull @DefaultValue("filesystem") Store store) {
  public enum Store {
    /** files under {@code <data-dir>/packages} (the embedded default) */
    FILESYSTEM,
    /** PostgreSQL large objects, shared by every instance (the external profile) */
    POSTGRES
  }
}
