package dev.miniflow.miniprogram;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class PackageConfig {
  @Bean
  PackageInspector packageInspector(PackageLimits limits) {
    return new PackageInspector(limits);
  }
}
