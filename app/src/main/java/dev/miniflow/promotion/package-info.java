/** QR codes for promotion and preview; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization", "miniprogram", "partner", "release", "support"})
package dev.miniflow.promotion;

import org.springframework.modulith.ApplicationModule;
