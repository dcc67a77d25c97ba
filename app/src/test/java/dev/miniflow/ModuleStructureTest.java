package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Features talk through each other's public types only, use only the modules their
 * {@code package-info.java} allows, never in a cycle; and the module diagram in the docs is the
 * one the code draws.
 */
class ModuleStructureTest {
  /** The app's modules; the command-line client (on the test class path for its own test) is no part of the app. */
  static final ApplicationModules MODULES = ApplicationModules.of(MiniflowApplication.class,
      com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.miniflow.cli.."));
  static final Path COMMITTED = Path.of("..", "docs", "modules.puml");

  @Test
  void featureModulesRespectTheirBoundaries() {
    MODULES.verify();
  }

  /** The table of `docs/architecture.md` ("may use") is each module's dependencies in the code. */
  @Test
  void theDependencyTableInTheDocsIsTheCodes() throws IOException {
    java.util.Map<String, java.util.Set<String>> documented = new java.util.TreeMap<>();
    String docs = Files.readString(Path.of("..", "docs", "architecture.md"));
    String table = docs.substring(docs.indexOf("| module | may use |"));
    for (String line : table.lines().skip(2).takeWhile(l -> l.startsWith("|")).toList()) {
      String[] cells = line.split("\\|");
      java.util.Set<String> uses = new java.util.TreeSet<>();
      for (String used : cells[2].replaceAll("\\(.*\\)", "").split(",")) {
        if (!used.isBlank() && !used.strip().equals("none")) {
          uses.add(used.strip());
        }
      }
      for (String module : cells[1].replace("`", "").split(",")) {
        documented.put(module.strip(), uses);
      }
    }
    java.util.Map<String, java.util.Set<String>> inCode = new java.util.TreeMap<>();
    MODULES.stream().filter(m -> !m.getName().equals("projection")).forEach(m -> inCode.put(m.getName(),
        new java.util.TreeSet<>(m.getDirectDependencies(MODULES).uniqueModules().map(d -> d.getName())
            .filter(name -> !name.equals("projection")).toList())));
    assertThat(documented).isEqualTo(inCode);
  }

  @Test
  void theModuleDiagramInTheDocsIsTheOneTheCodeDraws() throws IOException {
    Path out = Path.of("target", "spring-modulith-docs");
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(out.toString())).writeModulesAsPlantUml();
    String drawn = Files.readString(out.resolve("components.puml"));
    if (Boolean.getBoolean("miniflow.docs.update")) {
      Files.writeString(COMMITTED, drawn);
    }
    // the same modules and arrows, in whatever order the class path was read
    assertThat(Files.readString(COMMITTED).lines().sorted().toList())
        .as("docs/modules.puml, drawn from the code: regenerate it with mvn -pl app test -Dtest=ModuleStructureTest"
            + " -Dminiflow.docs.update=true")
        .isEqualTo(drawn.lines().sorted().toList());
  }
}
