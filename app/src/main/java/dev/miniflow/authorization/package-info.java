/** Per-mini-program roles and access grants; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(
    allowedDependencies = {"engine::api", "notification::api", "processes::api", "requests::api", "support::api",
        "tasklist::api", "workspace::api"})
package dev.miniflow.authorization;

import org.springframework.modulith.ApplicationModule;
