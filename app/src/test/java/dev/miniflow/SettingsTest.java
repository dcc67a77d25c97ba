package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.authorization.GrantSettings;
import dev.miniflow.engine.EmbeddedSettings;
import dev.miniflow.miniprogram.PackageStorage;
import dev.miniflow.notification.MailSettings;
import dev.miniflow.partner.PartnerSettings;
import dev.miniflow.removal.RemovalSettings;
import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.workspace.DemoSettings;
import dev.miniflow.workspace.FirstAdminSettings;
import dev.miniflow.workspace.LoginSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Miniflow's settings: their defaults, and a bad value stops the start naming the setting (no database, no engine). */
class SettingsTest {
  @Configuration
  @EnableConfigurationProperties({MiniflowSettings.class, MailSettings.class, PartnerSettings.class,
      GrantSettings.class,
      RemovalSettings.class, LoginSettings.class, FirstAdminSettings.class, DemoSettings.class, EmbeddedSettings.class,
      PackageStorage.class, dev.miniflow.support.PasswordSettings.class})
  static class AllSettings {}

  final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(AllSettings.class)
      .withPropertyValues("miniflow.data-dir=./data");

  @Test
  void unsetSettingsTakeTheDocumentedDefaults() {
    context.run(started -> {
      assertThat(started).hasNotFailed();
      assertThat(started.getBean(MiniflowSettings.class)).isEqualTo(
          new MiniflowSettings("./data", "http://localhost:8080", ""));
      assertThat(started.getBean(MailSettings.class).from()).isEqualTo("miniflow@localhost");
      assertThat(started.getBean(PartnerSettings.class)).isEqualTo(new PartnerSettings(Duration.ofSeconds(5),
          Duration.ofSeconds(2), Duration.ofSeconds(10), new PartnerSettings.Endpoints(false, List.of()),
          Duration.ofHours(24)));
      assertThat(started.getBean(GrantSettings.class)).isEqualTo(new GrantSettings(Duration.ofHours(48), 90));
      assertThat(started.getBean(RemovalSettings.class).rectifyWithin()).isEqualTo(Duration.ofDays(7));
      assertThat(started.getBean(LoginSettings.class)).isEqualTo(new LoginSettings(5, 50, Duration.ofMinutes(15)));
      assertThat(started.getBean(FirstAdminSettings.class)).isEqualTo(new FirstAdminSettings("admin", null, "Default"));
      assertThat(started.getBean(EmbeddedSettings.class)).isEqualTo(new EmbeddedSettings(false, 0));
      assertThat(started.getBean(PackageStorage.class).store()).isEqualTo(PackageStorage.Store.FILESYSTEM);
      assertThat(started.getBean(dev.miniflow.support.PasswordSettings.class).bcryptStrength()).isEqualTo(10);
    });
  }

  @Test
  void storesAndHostListsAreReadAsPeopleWriteThem() {
    context.withPropertyValues("miniflow.packages.store=postgres",
        "miniflow.partner.endpoints.allowed-hosts=localhost,127.0.0.1").run(started -> {
          assertThat(started.getBean(PackageStorage.class).store()).isEqualTo(PackageStorage.Store.POSTGRES);
          assertThat(started.getBean(PartnerSettings.class).endpoints().allowedHosts())
              .containsExactly("localhost", "127.0.0.1");
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "miniflow.data-dir=              | miniflow.data-dir",
      "miniflow.base-url=localhost     | miniflow.base-url",
      "miniflow.mail.from=             | miniflow.mail.from",
      "miniflow.partner.read-timeout=PT1M | miniflow.partner.read-timeout",
      "miniflow.partner.connect-timeout=PT0S | miniflow.partner.connect-timeout",
      "miniflow.grants.max-days=0      | miniflow.grants.max-days",
      "miniflow.grants.review-within=PT1S | miniflow.grants.review-within",
      "miniflow.removal.rectify-within=PT0S | miniflow.removal.rectify-within",
      "miniflow.login.failures-per-account=0 | miniflow.login.failures-per-account",
      "miniflow.login.window=soon      | miniflow.login.window",
      "miniflow.embedded.log-warning-records=-1 | miniflow.embedded.log-warning-records",
      "miniflow.packages.store=s3      | miniflow.packages.store",
      "miniflow.passwords.bcrypt-strength=3 | miniflow.passwords.bcrypt-strength"})
  void aBadValueStopsTheStartNamingTheSetting(String setting, String name) {
    context.withPropertyValues(setting.strip()).run(started -> {
      assertThat(started).hasFailed();
      StringBuilder messages = new StringBuilder();
      for (Throwable t = started.getStartupFailure(); t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertThat(messages.toString()).contains(name);
    });
  }
}
