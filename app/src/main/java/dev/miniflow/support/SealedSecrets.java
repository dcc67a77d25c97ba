package dev.miniflow.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Secrets Miniflow must keep in the database and use again (a webhook's signing secret), sealed
 * with AES-256-GCM under a key derived from the installation's signing key, which lives outside
 * the database ({@code miniflow.signing-key} or the data directory). A copy of the database alone
 * reveals none of them. Changing the signing key makes sealed secrets unreadable: their webhooks
 * then need a new secret.
 */
@Component
@NamedInterface("api")
public class SealedSecrets {
  private static final String PREFIX = "sealed:v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  SealedSecrets(SigningKey signingKey) {
    this.key = new SecretKeySpec(signingKey.derive("sealed-secrets"), "AES");
  }

  /** Whether a stored value is sealed (values kept before sealing existed are not). */
  public static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /** The secret sealed for one purpose (such as "webhook"): opened only under that purpose. */
  public String seal(String secret, String purpose) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, purpose);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The secret, or an exception if the value is not sealed, was changed, or was sealed under another key. */
  public String open(String stored, String purpose) {
    if (!isSealed(stored)) {
      throw new IllegalStateException("The stored secret is not sealed");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      if (in.length <= IV_BYTES) {
        throw new IllegalStateException("The stored secret is cut short");
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, IV_BYTES), purpose);
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("The stored secret cannot be opened: it was changed, or sealed under"
          + " another signing key (miniflow.signing-key)", e);
    }
  }

  private Cipher cipher(int mode, byte[] iv, String purpose) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
