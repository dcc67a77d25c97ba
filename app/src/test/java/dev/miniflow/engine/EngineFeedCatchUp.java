package dev.miniflow.engine;

import dev.miniflow.engine.embedded.EmbeddedRecordFeed;
import org.springframework.context.ApplicationContext;

/** For tests: projects every engine record written so far, instead of waiting for the feed's poller. */
public final class EngineFeedCatchUp {
  private EngineFeedCatchUp() {}

  public static void now(ApplicationContext context) {
    context.getBean(EmbeddedRecordFeed.class).catchUp();
  }
}
