package dev.miniflow.workspace;

import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.support.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The token of an invitation link, {@code <id>.<secret>.<signature>}: the signature turns away
 * forged links before any lookup, and only the secret's hash is stored, so the table alone opens
 * no invitation.
 */
@Component
class InvitationTokens {
  private final SigningKey signing;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();

  InvitationTokens(SigningKey signing, MiniflowSettings settings) {
    this.signing = signing;
    this.baseUrl = settings.baseUrl();
  }

  /** A token's parts once its signature holds. */
  record Signed(long invitationId, String secret) {}

  String newSecret() {
    byte[] secretBytes = new byte[24];
    random.nextBytes(secretBytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
  }

  String link(long invitationId, String secret) {
    String token = invitationId + "." + secret;
    return baseUrl + "/invitations/" + token + "." + signing.sign(token);
  }

  /** Empty for anything but a well-formed token with a valid signature. */
  Optional<Signed> verified(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !signing.verify(parts[0] + "." + parts[1], parts[2])) {
      return Optional.empty();
    }
    return Optional.of(new Signed(Long.parseLong(parts[0]), parts[1]));
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
