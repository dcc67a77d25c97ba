/**
 * Sensitive capabilities (JSAPIs): each target app's catalogue, the requests for them
 * (bpmn/feature-permission.bpmn for the reviewed ones) and the grants that release validation
 * reads; the modules it may use are all it uses (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"authorization::api", "engine::api", "miniprogram::api",
    "notification::api", "partner::api", "requests::api", "support::api", "tasklist::api", "workspace::api"})
package dev.miniflow.capability;

import org.springframework.modulith.ApplicationModule;
