/** The workspace dashboard; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"monitor", "partner", "processes", "release", "support", "tasklist", "workspace"})
package dev.miniflow.analytics;

import org.springframework.modulith.ApplicationModule;
