/** Releases and their process; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"authorization::api", "capability::api", "engine::api", "miniprogram::api",
    "notification::api",
    "partner::api", "requests::api", "support::api", "tasklist::api", "workspace::api"})
package dev.miniflow.release;

import org.springframework.modulith.ApplicationModule;
