package dev.miniflow.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * After the deployment at start-up, tells the features that the embedded engine is empty, so
 * they recreate what they had in flight. An external broker keeps its instances: nothing to do.
 */
@Component
@Order(1)
class FreshEngineRecovery implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(FreshEngineRecovery.class);
  private final ApplicationEventPublisher events;
  private final boolean embedded;

  FreshEngineRecovery(ApplicationEventPublisher events, EmbeddedSettings settings) {
    this.events = events;
    this.embedded = settings.active();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (embedded) {
      log.info("The embedded engine started empty: recreating the processes in flight from the database");
      events.publishEvent(new EngineStartedEmpty());
    }
  }
}
