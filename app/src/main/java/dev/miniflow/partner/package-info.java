/** Target apps and their connectors; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"support::api", "workspace::api"})
package dev.miniflow.partner;

import org.springframework.modulith.ApplicationModule;
