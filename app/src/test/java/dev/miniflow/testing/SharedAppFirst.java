package dev.miniflow.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the classes that share the embedded app first, then those with an engine or a context of
 * their own, group by group (the embedded app with properties of its own, path tests, module
 * tests, web slices), each by class name. One Spring context is cached at a time (see {@link
 * OneEngineAtATime}): one of the others between two classes sharing the embedded app would close
 * it, and the next class would start PostgreSQL and the engine again.
 */
public class SharedAppFirst implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparingInt(SharedAppFirst::group)
        .thenComparing(type -> type.getTestClass().getName()));
  }

  static int group(ClassDescriptor type) {
    if (type.getTestClass().getSimpleName().endsWith("PathTest")) {
      return 2; // an in-process engine of its own (PathEngine)
    }
    if (type.isAnnotated(ApplicationModuleTest.class)) {
      return 3;
    }
    if (type.isAnnotated(WebSlice.class)) {
      return 4;
    }
    // the embedded app with properties of its own: a context of its own, after the shared one's users
    return type.isAnnotated(TestPropertySource.class) ? 1 : 0;
  }
}
