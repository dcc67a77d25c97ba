package dev.miniflow.testing;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Closes the previous test class's application context before a class that needs another one
 * loads it. The context cache would otherwise start the new context (and its in-process engine)
 * first and close the old one after: for that moment two engines run, and the engine's gRPC
 * response writer keeps state in static fields, so they corrupt each other's responses
 * ({@code EmbeddedEngine} refuses the second one, so a miss here fails the run).
 */
public class OneEngineAtATime implements TestExecutionListener, Ordered {
  private static TestContext previous;

  @Override
  public void beforeTestClass(TestContext testContext) {
    closePreviousIfAnotherLoads(testContext);
  }

  /** A per-class test instance is prepared (its context loaded) before {@link #beforeTestClass}. */
  @Override
  public void prepareTestInstance(TestContext testContext) {
    closePreviousIfAnotherLoads(testContext);
  }

  /**
   * For a test class that starts an engine of its own without Spring (the process path tests):
   * closes the cached context, whose engine would otherwise still run when the class starts its own.
   */
  public static synchronized void closeCachedContext() {
    if (previous != null && previous.hasApplicationContext()) {
      previous.markApplicationContextDirty(null);
    }
  }

  private static synchronized void closePreviousIfAnotherLoads(TestContext testContext) {
    if (previous != null && previous.getTestClass() != testContext.getTestClass()
        && !testContext.hasApplicationContext() && previous.hasApplicationContext()) {
      previous.markApplicationContextDirty(null);
    }
    previous = testContext;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
