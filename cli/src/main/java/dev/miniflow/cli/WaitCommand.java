package dev.miniflow.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Waits for releases asked for earlier (e.g. by another job). */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Waits until releases reach --until; exits 3 if one is rejected, 4 on time-out.")
final class WaitCommand implements Callable<Integer> {
  @ParentCommand MiniflowCli cli;
  @Spec CommandSpec spec;
  @Mixin ReleaseWait.Options waiting;

  @Option(names = "--release", required = true, split = ",",
      description = "Release ids (one or more)") List<Long> releases;

  @Override
  public Integer call() {
    return new ReleaseWait(cli.api(), spec.commandLine().getErr(), waiting).await(releases);
  }
}
