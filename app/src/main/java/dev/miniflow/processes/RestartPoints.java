package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import java.util.Map;
import java.util.Set;

/**
 * Implemented by each process feature whose recovery starts recreated instances at an element
 * after an embedded engine restart: a variant without those elements could not be recovered, so
 * the deploy policy refuses it.
 */
@NamedInterface("api")
public interface RestartPoints {
  /** Process id → the element ids recovery starts its instances at. */
  Map<String, Set<String>> restartPoints();
}
