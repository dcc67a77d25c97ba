package dev.miniflow.evidence;

import dev.miniflow.support.MiniflowSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The installation's Ed25519 signing keys (the JDK's). The private keys are files in the key
 * directory, named by their id (newest signs); their public halves are in evidence_key, where
 * they stay after a rotation so that what an old key signed still verifies.
 */
@Component
class EvidenceKeys {
  private final Path dir;
  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Current current;

  record Current(String id, PrivateKey key) {}

  EvidenceKeys(EvidenceSettings settings, MiniflowSettings miniflow, JdbcClient jdbc, Clock clock) {
    this.dir = settings.keyDir().isBlank() ? Path.of(miniflow.dataDir(), "evidence-keys") : Path.of(settings.keyDir());
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The key that signs now: the newest in the directory, made (and its public half recorded) on first use. */
  synchronized Current current() {
    if (current == null) {
      current = newest().orElseGet(this::generate);
      register(current.id(), publicKeyOf(current.id()));
    }
    return current;
  }

  /** A new key signs from now on; the old one's public half stays, marked retired. */
  synchronized String rotate() {
    Current old = current();
    current = generate();
    register(current.id(), publicKeyOf(current.id()));
    jdbc.sql("update evidence_key set retired_at = :at where id = :id and retired_at is null")
        .param("at", Timestamp.from(clock.instant())).param("id", old.id()).update();
    return current.id();
  }

  String sign(Current key, String content) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key.key());
      ed.update(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ed.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the key (by its id, from evidence_key) signed the content. */
  boolean verify(String keyId, String content, String signature) {
    String encoded = jdbc.sql("select public_key from evidence_key where id = :id").param("id", keyId)
        .query(String.class).optional().orElse(null);
    if (encoded == null) {
      return false;
    }
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(encoded)));
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return ed.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private Optional<Current> newest() {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".key"))
          .max(Comparator.comparing(f -> f.getFileName().toString())).map(this::load);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Current load(Path file) {
    String id = file.getFileName().toString().replace(".key", "");
    try {
      byte[] pkcs8 = Base64.getDecoder().decode(Files.readString(file).strip());
      return new Current(id, KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The evidence key " + file + " is not an Ed25519 private key", e);
    }
  }

  /** Ids sort by time: "ed25519-" and the UTC instant it was made, in a file-name-safe form. */
  private Current generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String id = "ed25519-" + clock.instant().toString().replace(":", "").replace(".", "");
      Files.createDirectories(dir);
      Path file = dir.resolve(id + ".key");
      Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      Files.writeString(dir.resolve(id + ".pub"), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return new Current(id, pair.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String publicKeyOf(String id) {
    try {
      return Files.readString(dir.resolve(id + ".pub")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("The evidence key " + id + " has no public half (" + id + ".pub) beside it", e);
    }
  }

  private void register(String id, String publicKey) {
    jdbc.sql("insert into evidence_key(id, public_key) values (:id, :key) on conflict (id) do nothing")
        .param("id", id).param("key", publicKey).update();
  }
}
