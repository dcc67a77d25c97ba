package dev.miniflow.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the {@link WebSlice} classes after all others, each group in Surefire's (alphabetical) order.
 * One Spring context is cached at a time (see {@link OneEngineAtATime}): a slice between two classes
 * sharing the embedded app would close it, and the next class would start PostgreSQL and the engine
 * again.
 */
public class WebSlicesLast implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    // List.sort is stable: the order among slices and among the others stays as it was
    context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor c) -> c.isAnnotated(WebSlice.class)));
  }
}
