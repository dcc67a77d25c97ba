package dev.miniflow.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.modulith.test.ApplicationModuleTest;

/**
 * Runs the classes that share the embedded app first, then those with an engine or a context of
 * their own, group by group (path tests, module tests, web slices), each by class name. One Spring
 * context is cached at a time (see {@link OneEngineAtATime}): one of the others between two
 * classes sharing the embedded app would close it, and the next class would start PostgreSQL and
 * the engine again.
 */
public class SharedAppFirst implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparingInt(SharedAppFirst::group)
        .thenComparing(type -> type.getTestClass().getName()));
  }

  static int group(ClassDescriptor type) {
    if (type.getTestClass().getSimpleName().endsWith("PathTest")) {
      return 1; // an in-process engine of its own (PathEngine)
    }
    if (type.isAnnotated(ApplicationModuleTest.class)) {
      return 2;
    }
    return type.isAnnotated(WebSlice.class) ? 3 : 0;
  }
}
