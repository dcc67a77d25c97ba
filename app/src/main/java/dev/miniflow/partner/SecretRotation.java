package dev.miniflow.partner;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * A new callback secret does not cut off a partner mid-switch: the old one keeps signing valid
 * callbacks for {@code miniflow.partner.secret-grace} (see {@link PartnerCallbackApi}).
 */
@Component
class SecretRotation {
  private final PartnerSettings settings;
  private final Clock clock;

  SecretRotation(PartnerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The app with the new secret; unchanged when there is none or it is the same. */
  TargetApp rotate(TargetApp app, String secret) {
    if (secret == null || secret.equals(app.secret())) {
      return app;
    }
    boolean hadOne = app.secret() != null;
    return app.withSecret(secret, hadOne ? app.secret() : null,
        hadOne ? clock.instant().plus(settings.secretGrace()) : null);
  }
}
