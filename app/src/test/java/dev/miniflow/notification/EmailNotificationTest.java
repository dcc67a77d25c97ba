package dev.miniflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.TestPackages;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** People are mailed at the steps where they have to act, received by a real SMTP server (GreenMail). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "miniflow.data-dir=target/test-data/mail",
    "miniflow.embedded.clean-data=true",
    "miniflow.demo.password=mail-pass-123",
    "miniflow.passwords.bcrypt-strength=4",
    "miniflow.base-url=https://miniflow.example"})
class EmailNotificationTest {
  @RegisterExtension static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false); // started before the Spring context reads its port

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @LocalServerPort int port;

  @Test
  void reviewersOperatorsAndTheRequesterAreMailedWhenTheyHaveToActOrSomethingEnded() throws Exception {
    String base = "http://localhost:" + port;
    ApiClient developer = new ApiClient(base, "developer", "mail-pass-123");
    ApiClient reviewer = new ApiClient(base, "reviewer", "mail-pass-123");
    ApiClient operator = new ApiClient(base, "operator", "mail-pass-123");
    long ws = developer.workspaceId();
    long mp = developer.createMiniProgram(ws, "Mailed").id();
    long versionId = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId,
        "targetAppId", developer.defaultTargetAppId(ws), "environment", "PRODUCTION")).releaseId();

    MimeMessage newTask = awaitMail("reviewer@demo.miniflow.dev", "New task Review release");
    assertThat(newTask.getContent().toString()).contains("asked by developer")
        .contains("https://miniflow.example/tasks/");
    long taskId = reviewer.get("/api/v1/tasks").body().get(0).get("id").asLong();
    reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve", "comment", "ok"));

    awaitMail("operator@demo.miniflow.dev", "Approved: Mailed 1.0.0");
    awaitMail("developer@demo.miniflow.dev", "Approved: Mailed 1.0.0");
    operator.post("/api/v1/releases/" + releaseId + "/full");
    MimeMessage released = awaitMail("developer@demo.miniflow.dev", "Released: Mailed 1.0.0");
    assertThat(released.getFrom()[0].toString()).isEqualTo("miniflow@localhost");

    // Nobody is mailed about what they did themselves or what does not concern them.
    assertThat(subjectsTo("developer@demo.miniflow.dev")).noneMatch(s -> s.contains("New task"));
    assertThat(subjectsTo("inspector@demo.miniflow.dev")).isEmpty();
    assertThat(subjectsTo("reviewer@demo.miniflow.dev")).noneMatch(s -> s.contains("Released"));
  }

  @Test
  void anInviteeIsMailedALinkThatMakesThemAMember() throws Exception {
    String base = "http://localhost:" + port;
    ApiClient admin = new ApiClient(base, "admin", "mail-pass-123");
    long ws = admin.workspaceId();
    assertThat(admin.post("/api/v1/workspaces/" + ws + "/invitations",
        Map.of("email", "newcomer@example.org", "roles", List.of("REVIEWER"))).status()).isEqualTo(201);

    MimeMessage invitation = awaitMail("newcomer@example.org", "admin invites you to");
    String text = invitation.getContent().toString();
    Matcher link = Pattern.compile("https://miniflow\\.example/invitations/(\\S+)").matcher(text);
    assertThat(link.find()).as(text).isTrue();
    ApiClient nobody = new ApiClient(base, null, null);
    assertThat(nobody.post("/api/v1/invitations/" + link.group(1) + "/accept", Map.of("username", "newcomer",
        "password", "newcomer-pass-1", "displayName", "New Comer")).status()).isBetween(200, 204);

    ApiClient newcomer = new ApiClient(base, "newcomer", "newcomer-pass-1");
    assertThat(newcomer.workspaceId()).isEqualTo(ws);
    assertThat(newcomer.get("/api/v1/tasks?queue=AVAILABLE").status()).isEqualTo(200);
    // the link works once
    assertThat(nobody.post("/api/v1/invitations/" + link.group(1) + "/accept", Map.of("username", "newcomer2",
        "password", "newcomer-pass-2")).status()).isEqualTo(410);
  }

  private MimeMessage awaitMail(String to, String subjectPart) {
    List<MimeMessage> found = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      found.clear();
      for (MimeMessage m : SMTP.getReceivedMessages()) {
        if (recipients(m).contains(to) && m.getSubject().contains(subjectPart)) {
          found.add(m);
        }
      }
      return !found.isEmpty();
    });
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  private List<String> subjectsTo(String to) throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : SMTP.getReceivedMessages()) {
      if (recipients(m).contains(to)) {
        subjects.add(m.getSubject());
      }
    }
    return subjects;
  }

  private static List<String> recipients(MimeMessage message) throws Exception {
    return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
  }
}
