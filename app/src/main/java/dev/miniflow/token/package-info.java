/**
 * Access tokens for machines (CI, scrapers): personal and workspace service tokens with scopes,
 * their security filter chain, their API and page. The modules it may use are all it uses
 * (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"support::api", "workspace::api"})
package dev.miniflow.token;

import org.springframework.modulith.ApplicationModule;
