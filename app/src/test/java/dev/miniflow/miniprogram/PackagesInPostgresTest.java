package dev.miniflow.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.WorkspaceAccess;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import dev.miniflow.support.DomainException;

/**
 * The PostgreSQL package store (the external profile's) on the embedded PostgreSQL: the app of the
 * embedded default keeps files, so the service is put together here with a store set to
 * {@code postgres}, on the app's own beans. Reads follow the version row, so the running app
 * serves these versions over HTTP too.
 */
@EmbeddedMiniflowTest
class PackagesInPostgresTest {
  @LocalServerPort int port;
  @Autowired dev.miniflow.support.MiniflowSettings settings;
  @Value("${miniflow.data-dir}") String dataDir;
  @Autowired MiniProgramRepository programs;
  @Autowired AppVersionRepository versions;
  @Autowired LargeObjectPackages largeObjects;
  @Autowired PackageInspector inspector;
  @Autowired PackageLimits limits;
  @Autowired WorkspaceAccess access;
  @Autowired AuditTrail audit;
  @Autowired ObjectMapper json;
  @Autowired AccessPolicy policy;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcClient db;

  MiniProgramService service;
  VersionPackages uploads;
  TransactionTemplate tx;
  ApiClient developer;
  long miniProgramId;

  @BeforeEach
  void storeInPostgres() {
    PackageStore store = new PackageStore(settings, new PackageStorage(PackageStorage.Store.POSTGRES), largeObjects);
    Packages packages = new Packages(store, inspector, limits, json);
    service = new MiniProgramService(programs, versions, access, packages);
    uploads = new VersionPackages(versions, service, packages, policy, audit, java.time.Clock.systemUTC());
    tx = new TransactionTemplate(transactions);
    developer = new ApiClient("http://localhost:" + port, "developer", EmbeddedMiniflowTest.PASSWORD);
    miniProgramId = developer.createMiniProgram(developer.workspaceId(), "Postgres " + UUID.randomUUID()).id();
    SecurityContextHolder.getContext().setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated("developer", null, List.of()));
  }

  @AfterEach
  void logOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void anUploadIsALargeObjectCommittedWithItsVersionAndReadBackAsTheSameBytes() throws Exception {
    byte[] zip = TestPackages.large(); // several 64 KiB chunks, so chunking is exercised both ways
    long before = largeObjectCount();

    AppVersion version = upload("1.0.0", zip);

    assertThat(version.packageOid()).isNotNull();
    assertThat(version.packageFile()).isNull();
    assertThat(largeObjectCount()).isEqualTo(before + 1);
    assertThat(db.sql("select length(lo_get(:oid))").param("oid", version.packageOid()).query(Long.class).single())
        .isEqualTo(zip.length);
    assertThat(version.sha256()).isEqualTo(sha256(zip));
    assertThat(storedFiles()).as("no file kept for it").isZero();
    assertThat(stagingFiles()).as("staging and read copies cleaned up").isZero();

    // read back by the store, by the release validation, and over HTTP by the running app
    try (PackageStore.Opened opened = uploads.openPackage(version)) {
      assertThat(Files.readAllBytes(opened.file())).isEqualTo(zip);
    }
    assertThat(service.verifyStoredPackage(version).files()).isEqualTo(6);
    ResponseEntity<byte[]> download = developer.download(version.id());
    assertThat(download.getStatusCode().value()).isEqualTo(200);
    assertThat(download.getBody()).isEqualTo(zip);
    assertThat(download.getHeaders().getFirst("Repr-Digest"))
        .isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(zip))) + ":");
    assertThat(stagingFiles()).isZero();
  }

  @Test
  void aDamagedLargeObjectIsNeverServed() {
    AppVersion changed = upload("1.0.0", TestPackages.valid());
    AppVersion longer = upload("1.0.1", TestPackages.valid());
    AppVersion gone = upload("1.0.2", TestPackages.valid());
    // the same length, one byte different; one byte more at the end; no large object at all
    db.sql("select lo_put(:oid, 40, '\\x58')").param("oid", changed.packageOid()).query().listOfRows();
    db.sql("select lo_put(:oid, :end, '\\x00')").param("oid", longer.packageOid())
        .param("end", longer.packageBytes()).query().listOfRows();
    db.sql("select lo_unlink(:oid)").param("oid", gone.packageOid()).query().listOfRows();

    assertThatThrownBy(() -> service.verifyStoredPackage(changed)).isInstanceOf(PackageStore.Damaged.class)
        .hasMessageContaining("no longer matches its checksum").hasMessageContaining(changed.sha256());
    assertThatThrownBy(() -> service.verifyStoredPackage(longer)).isInstanceOf(PackageStore.Damaged.class)
        .hasMessageContaining("more than " + longer.packageBytes() + " bytes");
    assertThatThrownBy(() -> service.verifyStoredPackage(gone)).isInstanceOf(PackageStore.Damaged.class)
        .hasMessageContaining("missing");
    for (AppVersion damaged : List.of(changed, longer, gone)) {
      ApiClient.Reply reply = developer.get("/api/v1/versions/" + damaged.id() + "/package");
      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.text("type")).endsWith("/package-damaged");
    }
    assertThatThrownBy(() -> service.diffWithoutAccessCheck(changed.id(), longer.id()))
        .isInstanceOf(PackageStore.Damaged.class);
    assertThat(stagingFiles()).as("no copy left behind").isZero();
  }

  @Test
  void anUploadThatDoesNotCommitLeavesNoLargeObject() {
    long before = largeObjectCount();

    tx.executeWithoutResult(status -> {
      uploads.upload(miniProgramId, "1.0.0", new ByteArrayInputStream(TestPackages.large()));
      status.setRollbackOnly(); // as when anything after the package fails (the audit entry, say)
    });
    // a package the inspector refuses is never stored at all
    assertThatThrownBy(() -> upload("1.0.1", TestPackages.zip("app.json", "{\"pages\": []}", "../evil.js", "x")))
        .isInstanceOf(DomainException.class)
        .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.UNPROCESSABLE));

    assertThat(largeObjectCount()).isEqualTo(before);
    assertThat(versions.countByMiniProgramId(miniProgramId)).isZero();
    assertThat(stagingFiles()).isZero();
  }

  @Test
  void deletingVersionsFreesTheirStorage() {
    AppVersion first = upload("1.0.0", TestPackages.large());
    AppVersion second = upload("1.1.0", TestPackages.valid());
    byte[] keptBytes = TestPackages.valid(); // the zip's entry times are those of this moment
    AppVersion kept = upload("1.2.0", keptBytes);
    long before = largeObjectCount();

    // the versions beyond the kept one go, as pruning beyond a kept limit deletes them
    assertThat(db.sql("delete from app_version where id in (:ids)").param("ids", List.of(first.id(), second.id()))
        .update()).isEqualTo(2);

    assertThat(largeObjectCount()).isEqualTo(before - 2);
    assertThat(db.sql("select count(*) from pg_largeobject_metadata where oid in (:oids)")
        .param("oids", List.of(first.packageOid(), second.packageOid())).query(Long.class).single()).isZero();
    assertThat(db.sql("select count(*) from pg_largeobject where loid = :oid").param("oid", first.packageOid())
        .query(Long.class).single()).as("the chunks of the big one too").isZero();
    assertThat(developer.download(kept.id()).getBody()).isEqualTo(keptBytes);
  }

  private AppVersion upload(String version, byte[] zip) {
    return tx.execute(status -> uploads.upload(miniProgramId, version, new ByteArrayInputStream(zip)));
  }

  private long largeObjectCount() {
    return db.sql("select count(*) from pg_largeobject_metadata").query(Long.class).single();
  }

  private long storedFiles() throws Exception {
    return count(Path.of(dataDir, "packages", String.valueOf(miniProgramId)));
  }

  private long stagingFiles() {
    return count(Path.of(dataDir, "packages", "staging"));
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
