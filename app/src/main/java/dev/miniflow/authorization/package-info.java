/** Per-mini-program roles and access grants; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"engine", "notification", "processes", "support", "tasklist", "workspace"})
package dev.miniflow.authorization;

import org.springframework.modulith.ApplicationModule;
