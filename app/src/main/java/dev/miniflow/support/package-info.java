/** Security, problems, audit trail: used by all, using none; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {})
package dev.miniflow.support;

import org.springframework.modulith.ApplicationModule;
