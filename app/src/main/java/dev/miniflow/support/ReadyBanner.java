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
  /** Said at every start of the embedded default: its engine's licence does not allow production. */
  static final String EMBEDDED_NOTICE = "This is the embedded default, for evaluation and development only: its"
      + " in-process Zeebe engine is under the Camunda License 1.0 (development, testing, demonstration and"
      + " evaluation; production needs a licence from Camunda), and its engine log is kept in memory."
      + " For production, run the external profile against a licensed Zeebe broker (see the README's Licences).";

  @EventListener
  void ready(ApplicationReadyEvent event) {
    var env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    log.info("Miniflow is ready: log in at http://localhost:{}/login (API under /api/v1, docs at /swagger-ui.html)",
        port);
    if (env.getProperty("miniflow.embedded.active", Boolean.class, false)) {
      log.warn(EMBEDDED_NOTICE);
    }
  }
}
