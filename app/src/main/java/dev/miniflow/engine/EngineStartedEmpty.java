package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
/**
 * The embedded engine keeps nothing across restarts: it has just started with no instances, and
 * every process a feature had in flight must be started again at the step its records show.
 */
@NamedInterface("api")
public record EngineStartedEmpty() {}
