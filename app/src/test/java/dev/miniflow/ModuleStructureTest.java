package dev.miniflow;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk through each other's public services only, and never in a cycle. */
class ModuleStructureTest {
  @Test
  void featureModulesRespectTheirBoundaries() {
    ApplicationModules.of(MiniflowApplication.class).verify();
  }
}
