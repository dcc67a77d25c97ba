/** The engine side every process feature shares; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"processes", "projection", "support"})
package dev.miniflow.engine;

import org.springframework.modulith.ApplicationModule;
