/** User tasks and the task list; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"engine::api", "monitor::api", "notification::api", "processes::api",
    "support::api", "workspace::api"})
package dev.miniflow.tasklist;

import org.springframework.modulith.ApplicationModule;
