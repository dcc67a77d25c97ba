/** The workspace dashboard; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"monitor::api", "partner::api", "processes::api", "release::api",
    "support::api", "tasklist::api", "workspace::api"})
package dev.miniflow.analytics;

import org.springframework.modulith.ApplicationModule;
