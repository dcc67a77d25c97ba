/**
 * What a person asked for, across the processes (My requests): each process feature tells it its
 * requests through {@link dev.miniflow.requests.RequestSource}; the modules it may use are all it
 * uses (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"support::api", "tasklist::api", "workspace::api"})
package dev.miniflow.requests;

import org.springframework.modulith.ApplicationModule;
