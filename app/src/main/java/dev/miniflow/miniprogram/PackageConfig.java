package dev.miniflow.miniprogram;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(PackageLimits.class)
class PackageConfig {
  @Bean
  PackageInspector packageInspector(PackageLimits limits) {
    return new PackageInspector(limits);
  }
}
