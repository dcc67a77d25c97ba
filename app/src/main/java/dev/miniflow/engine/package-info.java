/** The engine side every process feature shares; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"processes::api", "projection", "support::api"})
package dev.miniflow.engine;

import org.springframework.modulith.ApplicationModule;
