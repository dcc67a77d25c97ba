/** User tasks and the task list; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"engine", "monitor", "notification", "processes", "support", "workspace"})
package dev.miniflow.tasklist;

import org.springframework.modulith.ApplicationModule;
