/** Releases and their process; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization", "engine", "miniprogram", "notification", "partner", "support", "tasklist", "workspace"})
package dev.miniflow.release;

import org.springframework.modulith.ApplicationModule;
