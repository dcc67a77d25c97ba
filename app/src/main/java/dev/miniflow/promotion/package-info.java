/** QR codes for promotion and preview; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(
    allowedDependencies = {"authorization::api", "miniprogram::api", "partner::api", "release::api", "support::api"})
package dev.miniflow.promotion;

import org.springframework.modulith.ApplicationModule;
