/** Mini programs, versions and their packages; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization", "support", "workspace"})
package dev.miniflow.miniprogram;

import org.springframework.modulith.ApplicationModule;
