/** The admin monitor; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"engine", "processes", "support", "workspace"})
package dev.miniflow.monitor;

import org.springframework.modulith.ApplicationModule;
