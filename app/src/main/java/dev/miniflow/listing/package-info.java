/**
 * Listing changes: what target apps list about a live mini program changes only after a review
 * there (bpmn/listing-change.bpmn), then goes to the partner through its connector; the modules
 * it may use are all it uses (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"engine::api", "miniprogram::api", "notification::api", "partner::api",
    "processes::api", "release::api", "requests::api", "support::api", "tasklist::api", "workspace::api"})
package dev.miniflow.listing;

import org.springframework.modulith.ApplicationModule;
