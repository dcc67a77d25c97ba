package dev.miniflow.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started Miniflow where to log in. */
@Component
class ReadyBanner {
  private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

  @EventListener
  void ready(ApplicationReadyEvent event) {
    var env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    log.info("Miniflow is ready: log in at http://localhost:{}/login (API under /api/v1, docs at /swagger-ui.html)", port);
  }
}
