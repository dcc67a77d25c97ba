/**
 * Webhooks: workspace admins' endpoints for Miniflow's events, signed, delivered from a durable
 * outbox after commit, retried, logged, disabled after repeated failure. The modules it may use
 * are all it uses (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"notification::api", "partner::api", "support::api", "workspace::api"})
package dev.miniflow.webhook;

import org.springframework.modulith.ApplicationModule;
