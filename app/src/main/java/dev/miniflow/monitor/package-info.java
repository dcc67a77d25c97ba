/** The admin monitor; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"engine::api", "processes::api", "support::api", "workspace::api"})
package dev.miniflow.monitor;

import org.springframework.modulith.ApplicationModule;
