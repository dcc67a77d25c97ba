package dev.miniflow.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Asks for the release of a version to target apps; prints the releases' ids; with --wait, waits for them. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Asks for the release of a version (one release per target app) and prints the release ids.")
final class ReleaseCommand implements Callable<Integer> {
  @ParentCommand MiniflowCli cli;
  @Spec CommandSpec spec;
  @Mixin ReleaseWait.Options waiting;

  @Option(names = "--version-id", required = true,
      description = "The version's id (what upload printed)") long versionId;

  @Option(names = "--target-app", required = true, split = ",",
      description = "Target app ids (one or more)") List<Long> targetApps;

  @Option(names = "--environment", defaultValue = "PRODUCTION",
      description = "PRODUCTION, SANDBOX, TEST or DEVELOPMENT (default: ${DEFAULT-VALUE})") String environment;

  @Option(names = "--wait", description = "Wait until every release reaches --until (or fails)") boolean await;

  @Override
  public Integer call() {
    MiniflowApi api = cli.api();
    List<Long> releases = api.requestRelease(versionId, targetApps, environment);
    releases.forEach(spec.commandLine().getOut()::println);
    if (!await) {
      return 0;
    }
    return new ReleaseWait(api, spec.commandLine().getErr(), waiting).await(releases);
  }
}
