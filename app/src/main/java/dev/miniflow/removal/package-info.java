/** Removals and forced removals; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization", "engine", "miniprogram", "notification", "partner", "processes", "release", "support", "tasklist", "workspace"})
package dev.miniflow.removal;

import org.springframework.modulith.ApplicationModule;
