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
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
  /** Fixed width, so ids sort by the time they were made. */
  private static final java.time.format.DateTimeFormatter ID_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private final Path dir;
  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Current current;
  /** Public keys read from their files once each (the directory is the trusted side; the files do not change). */
  private final java.util.Map<String, PublicKey> verifiers = new java.util.concurrent.ConcurrentHashMap<>();

  record Current(String id, PrivateKey key) {}

  EvidenceKeys(EvidenceSettings settings, MiniflowSettings miniflow, JdbcClient jdbc, Clock clock) {
    this.dir = settings.keyDir().isBlank() ? Path.of(miniflow.dataDir(), "evidence-keys") : Path.of(settings.keyDir());
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * The key that signs now: the newest unretired one in the directory, made (and its public half
   * recorded) on first use. Nodes share the directory: once another node retired this one's key, it
   * signs with the newer key too, never with a retired one.
   */
  synchronized Current current() {
    if (current == null || Files.exists(dir.resolve(current.id() + ".retired"))) {
      Current found = newest().orElseGet(this::generate);
      register(found.id(), publicKeyOf(found.id()));
      current = found; // only once its public half is there to check what it signs
    }
    return current;
  }

  /**
   * A new key signs from now on; the old one's public half stays, marked retired, and its private
   * half is deleted: nothing needs it any more, and a copy lying about could sign in its name.
   */
  synchronized String rotate() {
    Current old = current();
    Current fresh = generate();
    register(fresh.id(), publicKeyOf(fresh.id()));
    current = fresh;
    Instant retiredAt = clock.instant();
    try {
      // beside the key, out of the database's reach: nothing it signs after this counts
      Files.writeString(dir.resolve(old.id() + ".retired"), retiredAt.toString());
      Files.deleteIfExists(dir.resolve(old.id() + ".key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jdbc.sql("update evidence_key set retired_at = :at where id = :id and retired_at is null")
        .param("at", Timestamp.from(retiredAt)).param("id", old.id()).update();
    return current.id();
  }

  String sign(Current key, String content) {
    return Base64.getEncoder().encodeToString(sign(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The raw Ed25519 signature (64 bytes) of the content. */
  byte[] sign(Current key, byte[] content) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key.key());
      ed.update(content);
      return ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether the key signed the content. The public key is read from the key directory, never from
   * the database: evidence_key is only its published copy, and a key someone put there proves nothing.
   */
  boolean verify(String keyId, String content, String signature) {
    PublicKey key = verifiers.computeIfAbsent(keyId, id -> publicKeyFile(id).map(EvidenceKeys::decode).orElse(null));
    if (key == null) {
      return false;
    }
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return ed.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static PublicKey decode(String encoded) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
          .decode(encoded)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null; // not a key: nothing it "signed" verifies
    }
  }

  /** The trusted public keys: those in the key directory, by id. */
  java.util.Map<String, String> trusted() {
    if (!Files.isDirectory(dir)) {
      return java.util.Map.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      var keys = new java.util.TreeMap<String, String>();
      for (Path pub : files.filter(f -> f.getFileName().toString().endsWith(".pub")).toList()) {
        keys.put(pub.getFileName().toString().replace(".pub", ""), Files.readString(pub).strip());
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  private Optional<Current> newest() {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".key"))
          .filter(f -> !Files.exists(dir.resolve(f.getFileName().toString().replace(".key", ".retired"))))
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
      String id = "ed25519-" + ID_TIME.format(clock.instant());
      Files.createDirectories(dir);
      Path file = dir.resolve(id + ".key");
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException ignored) {
        Files.createFile(file); // not a POSIX file system
      }
      Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      Files.writeString(dir.resolve(id + ".pub"), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
      return new Current(id, pair.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String publicKeyOf(String id) {
    return publicKeyFile(id).orElseThrow(() -> new IllegalStateException("The evidence key " + id
        + " has no public half (" + id + ".pub) beside it"));
  }

  /** When the key was retired, from the key directory's {@code <id>.retired}; empty while it signs. */
  Optional<Instant> retiredAt(String id) {
    if (!wellFormed(id)) {
      return Optional.of(Instant.MIN); // not a name Miniflow gives its keys: trust nothing it signed
    }
    Path retired = dir.resolve(id + ".retired");
    try {
      return Files.exists(retired) ? Optional.of(Instant.parse(Files.readString(retired).strip())) : Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      return Optional.of(Instant.MIN); // unreadable: trust nothing it signed
    }
  }

  /** The base64 public key in the key directory's {@code <id>.pub}, if there is one. */
  Optional<String> publicKeyFile(String id) {
    if (!wellFormed(id) || !Files.isRegularFile(dir.resolve(id + ".pub"))) {
      return Optional.empty();
    }
    Path pub = dir.resolve(id + ".pub");
    try {
      return Optional.of(Files.readString(pub).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Key ids come from rows anyone with database access can write: only Miniflow's own form names a file. */
  private static boolean wellFormed(String id) {
    return id != null && id.matches("[A-Za-z0-9-]{1,40}");
  }

  private void register(String id, String publicKey) {
    jdbc.sql("insert into evidence_key(id, public_key) values (:id, :key) on conflict (id) do nothing")
        .param("id", id).param("key", publicKey).update();
  }
}
