package dev.miniflow.engine.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process engine keeps its log in a plain ArrayList that its writer appends to while its
 * stream processor (and the record stream the monitor reads) read it on other threads; under load
 * a reader can see a slot that is not written yet and the engine's processor dies ("buffer is
 * null"). Before the engine starts, the list is swapped for a synchronized one.
 */
final class EngineLogGuard {
  private static final Logger log = LoggerFactory.getLogger(EngineLogGuard.class);

  private EngineLogGuard() {}

  static void harden(ZeebeTestEngine engine) {
    try {
      Object storage = find(engine, "InMemoryLogStorage", 4, new java.util.IdentityHashMap<>());
      if (storage == null) {
        throw new NoSuchFieldException("no InMemoryLogStorage reachable from " + engine.getClass().getName());
      }
      @SuppressWarnings("unchecked")
      List<Object> current = (List<Object>) EmbeddedEngine.read(storage, "logEntries");
      EmbeddedEngine.write(storage, "logEntries", Collections.synchronizedList(new ArrayList<>(current)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Could not guard the embedded engine's log against concurrent reads ({}); it may fail under load",
          e.toString());
    }
  }

  /** The engine's log storage, found through the engine's own fields (logStream → storage). */
  private static Object find(Object from, String className, int depth, java.util.Map<Object, Boolean> seen)
      throws IllegalAccessException {
    if (from == null || depth < 0 || seen.put(from, true) != null) {
      return null;
    }
    if (from.getClass().getSimpleName().equals(className)) {
      return from;
    }
    for (Class<?> type = from.getClass(); type != null && type.getName().startsWith("io.camunda"); type =
        type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        try {
          field.setAccessible(true);
        } catch (RuntimeException inaccessible) {
          continue;
        }
        Object found = find(field.get(from), className, depth - 1, seen);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

}
