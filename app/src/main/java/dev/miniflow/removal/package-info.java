/** Removals and forced removals; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization::api", "engine::api", "miniprogram::api", "notification::api",
    "partner::api", "processes::api", "requests::api", "release::api", "support::api", "tasklist::api",
    "workspace::api"})
package dev.miniflow.removal;

import org.springframework.modulith.ApplicationModule;
