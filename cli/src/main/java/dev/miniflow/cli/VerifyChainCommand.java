package dev.miniflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Asks Miniflow to walk a workspace's audit chain; exits 5 when it names an entry that does not match. */
@Command(name = "verify-chain", mixinStandardHelpOptions = true,
    description = "Verifies a workspace's audit chain (a token with the read scope of an admin or inspector);"
        + " exits 5 and names the first entry that does not match.")
final class VerifyChainCommand implements Callable<Integer> {
  @ParentCommand MiniflowCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--workspace", required = true,
      description = "The workspace id (0: the platform's chain)") long workspace;

  @Override
  public Integer call() {
    JsonNode result = cli.api().chainVerification(workspace);
    var out = spec.commandLine().getOut();
    if (result.path("intact").asBoolean()) {
      JsonNode checkpoint = result.path("lastCheckpoint");
      out.println("intact: " + result.path("entries").asLong() + " entries of workspace " + workspace
          + (checkpoint.isObject() ? ", signed up to position " + checkpoint.path("seq").asLong() + " by key "
              + checkpoint.path("keyId").asText() : ", no checkpoint signed yet")
          + (result.path("unsealed").asLong() > 0 ? "; " + result.path("unsealed").asLong()
              + " newer entries wait to be sealed" : ""));
      return 0;
    }
    JsonNode problem = result.path("problem");
    spec.commandLine().getErr().println("not intact: " + problem.path("reason").asText()
        + (problem.path("auditId").isNumber() ? " (audit entry " + problem.path("auditId").asLong() + ")" : ""));
    return MiniflowCli.NOT_VERIFIED;
  }
}
