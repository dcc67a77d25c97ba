/** The process owner console; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"support::api", "workspace::api"})
package dev.miniflow.processes;

import org.springframework.modulith.ApplicationModule;
