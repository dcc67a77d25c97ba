/** Mini programs, versions and their packages; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization::api", "support::api", "workspace::api"})
package dev.miniflow.miniprogram;

import org.springframework.modulith.ApplicationModule;
