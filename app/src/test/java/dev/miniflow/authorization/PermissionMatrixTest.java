package dev.miniflow.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every endpoint × every role, in the caller's own workspace and in another one. "Allowed" means
 * the permission check let the call through (it may still fail on the data, e.g. 409); a role
 * that is not allowed gets 403 in its own workspace, and everybody gets 404 in another.
 */
@EmbeddedMiniflowTest
class PermissionMatrixTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  /** The callers: one per workspace role, the mini program's own admin, and an outsider. */
  enum Caller { ADMIN, REVIEWER, DEVELOPER, OPERATOR, INSPECTOR, PROCESS_OWNER, MINI_PROGRAM_ADMIN }

  record Endpoint(String name, Function<ApiClient, Reply> call, Set<Caller> allowed) {}

  @TestFactory
  Stream<DynamicTest> everyEndpointForEveryRoleInOwnAndOtherWorkspace() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<Caller, String> names = new LinkedHashMap<>();
    for (Caller caller : Caller.values()) {
      names.put(caller, caller.name().toLowerCase().replace('_', '-') + "-" + suffix);
    }
    String outsider = "outsider-" + suffix;
    long ws = tx.execute(s -> {
      long id = workspaces.createWorkspace("Matrix " + suffix, "test");
      names.forEach((caller, name) -> {
        workspaces.createAccount(name, name, null, "matrix-pass-1", "test");
        Role role = caller == Caller.MINI_PROGRAM_ADMIN ? Role.DEVELOPER : Role.valueOf(caller.name());
        workspaces.addMember(id, name, Set.of(role), "test");
      });
      // the member whose roles some cells change: not one of the callers, so no cell changes another's rights
      workspaces.createAccount("bystander-" + suffix, "Bystander", null, "matrix-pass-1", "test");
      workspaces.addMember(id, "bystander-" + suffix, Set.of(Role.REVIEWER), "test");
      long other = workspaces.createWorkspace("Elsewhere " + suffix, "test");
      workspaces.createAccount(outsider, outsider, null, "matrix-pass-1", "test");
      workspaces.addMember(other, outsider, EnumSet.allOf(Role.class), "test");
      return id;
    });
    Map<Caller, ApiClient> clients = new LinkedHashMap<>();
    names.forEach((caller, name) -> clients.put(caller, new ApiClient(base, name, "matrix-pass-1")));
    ApiClient stranger = new ApiClient(base, outsider, "matrix-pass-1");

    ApiClient owner = clients.get(Caller.MINI_PROGRAM_ADMIN);
    long mp = owner.createMiniProgram(ws, "Matrix " + suffix).id();
    long version = owner.upload(mp, "1.0.0", TestPackages.valid()).id();
    long targetApp = owner.defaultTargetAppId(ws);
    long release = owner.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
        "environment", "PRODUCTION")).releaseId();
    Releases.awaitStatus(owner, release, "UNDER_REVIEW");
    String member = "bystander-" + suffix;

    Set<Caller> everyone = EnumSet.allOf(Caller.class);
    Set<Caller> developers = EnumSet.of(Caller.ADMIN, Caller.DEVELOPER, Caller.MINI_PROGRAM_ADMIN);
    Set<Caller> onMiniProgram = EnumSet.of(Caller.ADMIN, Caller.MINI_PROGRAM_ADMIN);
    Set<Caller> operators = EnumSet.of(Caller.ADMIN, Caller.OPERATOR);
    Set<Caller> admins = EnumSet.of(Caller.ADMIN);
    int[] counter = {0};
    List<Endpoint> endpoints = List.of(
        new Endpoint("GET mini programs", c -> c.get("/api/v1/workspaces/" + ws + "/mini-programs"), everyone),
        new Endpoint("POST mini program", c -> c.createMiniProgram(ws, "M" + (++counter[0]) + suffix), developers),
        new Endpoint("GET mini program", c -> c.get("/api/v1/mini-programs/" + mp), everyone),
        new Endpoint("PATCH mini program", c -> c.patch("/api/v1/mini-programs/" + mp, Map.of("category", "tools")),
            onMiniProgram),
        new Endpoint("GET versions", c -> c.get("/api/v1/mini-programs/" + mp + "/versions"), everyone),
        new Endpoint("GET version", c -> c.get("/api/v1/versions/" + version), everyone),
        new Endpoint("POST version", c -> c.upload(mp, "1.0.0", TestPackages.valid()), onMiniProgram),
        new Endpoint("POST release", c -> c.post("/api/v1/releases", Map.of("versionId", version,
            "targetAppId", targetApp, "environment", "PRODUCTION")), onMiniProgram),
        new Endpoint("GET release", c -> c.get("/api/v1/releases/" + release), everyone),
        new Endpoint("GET release audit", c -> c.get("/api/v1/releases/" + release + "/audit"), everyone),
        new Endpoint("GET workspace releases", c -> c.get("/api/v1/workspaces/" + ws + "/releases"), everyone),
        new Endpoint("POST pilot", c -> c.post("/api/v1/releases/" + release + "/pilot",
            Map.of("testers", List.of("t1"))), operators),
        new Endpoint("POST grayscale", c -> c.post("/api/v1/releases/" + release + "/grayscale",
            Map.of("percent", 5)), operators),
        new Endpoint("POST full", c -> c.post("/api/v1/releases/" + release + "/full"), operators),
        new Endpoint("POST rollback", c -> c.post("/api/v1/releases/" + release + "/rollback"), operators),
        new Endpoint("POST withdraw", c -> c.post("/api/v1/releases/" + release + "/withdraw",
            Map.of("reason", "matrix")), EnumSet.of(Caller.MINI_PROGRAM_ADMIN)),
        new Endpoint("GET target apps", c -> c.get("/api/v1/workspaces/" + ws + "/target-apps"), everyone),
        new Endpoint("PUT target app", c -> c.put("/api/v1/target-apps/" + targetApp, Map.of("name", "Own app")), admins),
        new Endpoint("GET members", c -> c.get("/api/v1/workspaces/" + ws + "/members"), everyone),
        new Endpoint("PUT member roles", c -> c.put("/api/v1/workspaces/" + ws + "/members/" + member,
            Map.of("roles", List.of("REVIEWER"))), admins),
        new Endpoint("POST invitation", c -> c.post("/api/v1/workspaces/" + ws + "/invitations",
            Map.of("email", "m@example.com", "roles", List.of("REVIEWER"))), admins),
        new Endpoint("GET invitations", c -> c.get("/api/v1/workspaces/" + ws + "/invitations"), admins),
        new Endpoint("GET audit", c -> c.get("/api/v1/workspaces/" + ws + "/audit"), admins),
        new Endpoint("GET mini program members", c -> c.get("/api/v1/mini-programs/" + mp + "/members"), everyone),
        new Endpoint("PUT mini program member", c -> c.put("/api/v1/mini-programs/" + mp + "/members/" + member,
            Map.of("role", "DEVELOPER")), onMiniProgram),
        new Endpoint("POST removal", c -> c.post("/api/v1/removals", Map.of("miniProgramId", mp,
            "targetAppId", targetApp, "environment", "PRODUCTION", "reason", "matrix")), onMiniProgram),
        new Endpoint("POST force removal", c -> c.post("/api/v1/force-removals", Map.of("miniProgramId", mp,
            "rule", "r", "evidence", "e", "severity", "MINOR")), EnumSet.of(Caller.INSPECTOR)),
        new Endpoint("GET removals", c -> c.get("/api/v1/mini-programs/" + mp + "/removals"), everyone),
        new Endpoint("GET access grants", c -> c.get("/api/v1/mini-programs/" + mp + "/access-grants"), everyone),
        new Endpoint("POST access request", c -> c.post("/api/v1/mini-programs/" + mp + "/access-requests",
            Map.of("scopes", List.of("ANALYTICS"), "days", 1, "justification", "matrix test access")), developers));

    List<DynamicTest> cells = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      for (Caller caller : Caller.values()) {
        boolean allowed = endpoint.allowed().contains(caller);
        cells.add(dynamicTest(endpoint.name() + " as " + caller + " in own workspace → "
            + (allowed ? "allowed" : "403"), () -> {
          Reply reply = endpoint.call().apply(clients.get(caller));
          if (allowed) {
            assertThat(reply.status()).as(String.valueOf(reply.body())).isNotIn(401, 403, 404).isLessThan(500);
          } else {
            assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(403);
          }
        }));
      }
      cells.add(dynamicTest(endpoint.name() + " from another workspace → 404", () ->
          assertThat(endpoint.call().apply(stranger).status()).isEqualTo(404)));
    }
    return cells.stream();
  }
}
