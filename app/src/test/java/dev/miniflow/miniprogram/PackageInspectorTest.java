package dev.miniflow.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniflow.testing.HostilePackages;
import dev.miniflow.testing.TestPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

class PackageInspectorTest {
  @TempDir Path tmp;
  final PackageInspector inspector = new PackageInspector(PackageLimits.defaults());

  static Stream<HostilePackages.Case> hostile() {
    return HostilePackages.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostilePackagesNamingTheReasonAndTheEntry(HostilePackages.Case hostile) throws IOException {
    Path zip = Files.write(tmp.resolve("p.zip"), hostile.zip());
    assertThatThrownBy(() -> inspector.inspect(zip))
        .isInstanceOfSatisfying(InvalidPackageException.class, e -> {
          assertThat(e.reason()).isEqualTo(hostile.reason());
          assertThat(e.getMessage()).contains(hostile.mentioned());
        });
  }

  @Test
  void reportsFilesSizesPagesAndSubpackagesOfAValidPackage() throws IOException {
    byte[] pkg = TestPackages.zip(
        "app.json", """
            {"pages": ["pages/index/index"], "subPackages": [{"root": "shop", "pages": ["cart/cart"]}],
             "window": {"navigationBarTitleText": "Coffee"}}""",
        "pages/index/index.js", "Page({});",
        "shop/cart/cart.js", "Page({cart: true});");
    PackageReport report = inspector.inspect(Files.write(tmp.resolve("ok.zip"), pkg));
    assertThat(report.files()).isEqualTo(3);
    assertThat(report.pages()).containsExactly("pages/index/index", "shop/cart/cart");
    assertThat(report.subPackageRoots()).containsExactly("shop");
    assertThat(report.mainBytes()).isEqualTo(report.totalBytes() - "Page({cart: true});".length());
    assertThat(report.appName()).isEqualTo("Coffee");
  }

  @Test
  void readsStoredEntriesAndRefusesDeflatedDataThatIsDamaged() throws IOException {
    String big = "Page({});\n".repeat(2000);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (String[] file : new String[][] {{"app.json", "{\"pages\": [\"pages/index/index\"]}"},
          {"pages/index/index.js", big}}) {
        byte[] content = file[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var entry = new java.util.zip.ZipEntry(file[0]);
        entry.setMethod(java.util.zip.ZipEntry.STORED);
        entry.setSize(content.length);
        var crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    }
    PackageReport stored = inspector.inspect(Files.write(tmp.resolve("stored.zip"), bytes.toByteArray()));
    assertThat(stored.files()).isEqualTo(2);
    assertThat(stored.totalBytes()).isEqualTo(big.length() + "{\"pages\": [\"pages/index/index\"]}".length());

    byte[] damaged = TestPackages.zip("app.json", "{\"pages\": [\"pages/index/index\"]}",
        "pages/index/index.js", big + "x".repeat(5000) + java.util.UUID.randomUUID());
    int data = new String(damaged, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("pages/index/index.js") + 40;
    java.util.Arrays.fill(damaged, data, data + 16, (byte) 0xFF);
    assertThatThrownBy(() -> inspector.inspect(Files.write(tmp.resolve("damaged.zip"), damaged)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.getMessage()).contains("pages/index/index.js"));
  }

  @Test
  void filesUnderASubpackageRootDoNotCountTowardsTheMainPackage() throws IOException {
    var small = new PackageInspector(new PackageLimits(DataSize.ofBytes(200), DataSize.ofMegabytes(1), 100, 100,
        DataSize.ofKilobytes(4)));
    String big = "x".repeat(500);
    byte[] inMain = TestPackages.zip("app.json", "{\"pages\": [\"pages/a\"]}", "pages/a.js", big);
    byte[] inSub = TestPackages.zip("app.json",
        "{\"pages\": [\"pages/a\"], \"subPackages\": [{\"root\": \"sub\", \"pages\": [\"b\"]}]}",
        "pages/a.js", "Page({})", "sub/b.js", big);
    assertThatThrownBy(() -> small.inspect(Files.write(tmp.resolve("main.zip"), inMain)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.MAIN_PACKAGE_TOO_LARGE));
    assertThat(small.inspect(Files.write(tmp.resolve("sub.zip"), inSub)).pages()).contains("sub/b");
  }

  @Test
  void refusesTooManyEntriesAndOversizedManifests() throws IOException {
    var small = new PackageInspector(new PackageLimits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 3, 100,
        DataSize.ofBytes(64)));
    byte[] many = TestPackages.zip("app.json", "{\"pages\":[\"a\"]}", "a.js", "", "b.js", "", "c.js", "");
    byte[] hugeManifest =
        TestPackages.zip("app.json", "{\"pages\":[\"a\"],\"x\":\"" + "y".repeat(100) + "\"}", "a.js", "");
    assertThatThrownBy(() -> small.inspect(Files.write(tmp.resolve("many.zip"), many)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.TOO_MANY_ENTRIES));
    assertThatThrownBy(() -> small.inspect(Files.write(tmp.resolve("huge.zip"), hugeManifest)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.MANIFEST_INVALID));
  }

  @Test
  void refusesControlCharactersInNames() throws IOException {
    byte[] control = TestPackages.zip("app.json", "{\"pages\":[\"a\"]}", "a.js", "", "bad\u0001name.js", "");
    assertThatThrownBy(() -> inspector.inspect(Files.write(tmp.resolve("n.zip"), control)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.INVALID_ENTRY_NAME));
  }

  @Test
  void readsWindowsSeparatorsAsSeparatorsSoTraversalWithBackslashesIsCaught() throws IOException {
    byte[] backslash = TestPackages.zip("app.json", "{\"pages\":[\"a\"]}", "a.js", "", "..\\evil.js", "");
    assertThatThrownBy(() -> inspector.inspect(Files.write(tmp.resolve("n.zip"), backslash)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.PATH_TRAVERSAL));
  }

  @Test
  void refusesDuplicateKeysInTheManifest() throws IOException {
    byte[] pkg = TestPackages.zip("app.json", "{\"pages\":[\"a\"], \"pages\":[\"b\"]}", "a.js", "", "b.js", "");
    assertThatThrownBy(() -> inspector.inspect(Files.write(tmp.resolve("d.zip"), pkg)))
        .isInstanceOfSatisfying(InvalidPackageException.class,
            e -> assertThat(e.reason()).isEqualTo(PackageProblem.MANIFEST_INVALID));
  }
}
