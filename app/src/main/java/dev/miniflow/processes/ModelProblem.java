package dev.miniflow.processes;

/** One thing wrong with a process or form, tied to the element it is about when there is one. */
public record ModelProblem(String elementId, String message) {}
