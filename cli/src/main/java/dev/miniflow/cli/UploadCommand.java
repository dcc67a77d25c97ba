package dev.miniflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Uploads a package as a new version; prints the version's id (for the next step of the job). */
@Command(name = "upload", mixinStandardHelpOptions = true,
    description = "Uploads a package as a new version of a mini program and prints the version's id.")
final class UploadCommand implements Callable<Integer> {
  @ParentCommand MiniflowCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--mini-program", required = true, description = "The mini program's id") long miniProgram;

  @Option(names = "--version", required = true, description = "The version, e.g. 1.4.0") String version;

  @Option(names = "--package", required = true, description = "The package (.zip)") Path pkg;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(pkg)) {
      spec.commandLine().getErr().println("error: no package file at " + pkg.toAbsolutePath());
      return MiniflowCli.REFUSED;
    }
    var uploaded = cli.api().upload(miniProgram, version, pkg);
    spec.commandLine().getErr().println("Uploaded version " + uploaded.path("version").asText(version) + " of mini"
        + " program " + miniProgram + ".");
    spec.commandLine().getOut().println(uploaded.path("id").asLong());
    return 0;
  }
}
