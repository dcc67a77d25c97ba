/** The in-app inbox and mail; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"support::api", "workspace::api"})
package dev.miniflow.notification;

import org.springframework.modulith.ApplicationModule;
