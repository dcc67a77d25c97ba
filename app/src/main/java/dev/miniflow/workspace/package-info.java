/** Accounts, workspaces, members and roles; the modules it may use are all it uses (ModuleStructureTest). */
@ApplicationModule(allowedDependencies = {"support::api"})
package dev.miniflow.workspace;

import org.springframework.modulith.ApplicationModule;
