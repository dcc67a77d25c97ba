package dev.miniflow.engine;

import org.springframework.context.ApplicationContext;

/** For tests outside this package: projects every engine record written so far, instead of waiting for the feed's poller. */
public final class EngineFeedCatchUp {
  private EngineFeedCatchUp() {}

  public static void now(ApplicationContext context) {
    context.getBean(EngineRecordFeed.class).catchUp();
  }
}
