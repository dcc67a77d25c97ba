package dev.miniflow.cli;

import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Miniflow from a CI job: upload a version, ask for its release, wait for the outcome. It calls
 * the REST API with an access token (scopes upload, release, read), read from the environment so
 * it never shows in a process list or a build log.
 */
@Command(name = "miniflow", mixinStandardHelpOptions = true, version = "miniflow-cli 0.1.0",
    description = "Uploads versions to Miniflow, asks for releases and waits for their outcome.",
    subcommands = {UploadCommand.class, ReleaseCommand.class, WaitCommand.class, VerifyChainCommand.class,
        VerifyEvidenceCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (uploaded, asked for, or the release reached what --until names)",
        "1:Miniflow refused the call or could not be reached (the problem's detail is printed)",
        "2:wrong command-line usage", "3:a release was rejected, withdrawn or canceled",
        "4:time-out: the release had not reached the outcome by then",
        "5:the audit chain or the evidence bundle does not verify"})
public final class MiniflowCli {
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int REJECTED = 3;
  static final int TIMED_OUT = 4;
  static final int NOT_VERIFIED = 5;

  @Option(names = "--url", scope = ScopeType.INHERIT, defaultValue = "${env:MINIFLOW_URL}",
      description = "Miniflow's base URL, e.g. https://miniflow.example.com (default: $MINIFLOW_URL)") String url;

  /** Read from the environment by default: a token on the command line shows in process lists and build logs. */
  @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:MINIFLOW_TOKEN}",
      description = "An access token (default: $MINIFLOW_TOKEN); make one under Tokens in Miniflow") String token;

  /** A setting the command cannot do without is not there: a usage error, found before any call. */
  static final class MissingSetting extends RuntimeException {
    MissingSetting(String message) {
      super(message);
    }
  }

  MiniflowApi api() {
    if (url == null || url.isBlank()) {
      throw new MissingSetting("Set --url or MINIFLOW_URL to Miniflow's address.");
    }
    if (token == null || token.isBlank()) {
      throw new MissingSetting("Set MINIFLOW_TOKEN (or --token) to an access token.");
    }
    return new MiniflowApi(URI.create(url.endsWith("/") ? url : url + "/"), token.strip());
  }

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command with its output and errors written where the caller says; the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new MiniflowCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof MiniflowApi.Refused refused) {
        line.getErr().println("error: " + refused.getMessage());
        return REFUSED;
      }
      if (e instanceof java.io.IOException unreadable) {
        line.getErr().println("error: cannot read " + unreadable.getMessage());
        return USAGE;
      }
      if (e instanceof MissingSetting missing) {
        line.getErr().println("error: " + missing.getMessage());
        return USAGE;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
