package dev.miniflow.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls to admin-typed endpoints against a real local HTTP server: a name that passes the check
 * and then resolves to an internal address (DNS rebinding) reaches nothing; a hostile answer is
 * read only up to the cap and only for as long as the deadline.
 */
class OutboundHttpTest {
  private final HttpServer server = server();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile byte[] answer = "{\"reference\":\"P-1\"}".getBytes();
  private volatile Duration drip = Duration.ZERO;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aNameThatRebindsToAnInternalAddressAfterTheCheckIsNeverCalled() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    // the check sees a public address, every lookup after it loopback, where the server listens
    PartnerEndpoints endpoints = endpoints(List.of(), host -> lookups.getAndIncrement() == 0
        ? new InetAddress[] {InetAddress.getByName("203.0.113.10")}
        : new InetAddress[] {InetAddress.getLoopbackAddress()});
    String url = "http://partner.test:" + server.getAddress().getPort() + "/publish";
    assertThat(endpoints.refusal(url)).isNull();

    try (OutboundHttp http = endpoints.client(Duration.ofSeconds(1), Duration.ofSeconds(2), 4)) {
      assertThatThrownBy(() -> http.postJson(url, Map.of(), "{}", 100))
          .isInstanceOf(PartnerEndpoints.InternalAddressException.class).hasMessageContaining("internal address");
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void anAllowedHostIsCalledAndItsAnswerIsReadOnlyUpToTheCap() throws Exception {
    PartnerEndpoints endpoints = endpoints(List.of("partner.test"),
        host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
    String url = "http://partner.test:" + server.getAddress().getPort() + "/publish";
    try (OutboundHttp http = endpoints.client(Duration.ofSeconds(1), Duration.ofSeconds(2), 4)) {
      assertThat(new String(http.postJson(url, Map.of("X-Test", "1"), "{}", 100).body()))
          .isEqualTo("{\"reference\":\"P-1\"}");

      answer = new byte[4 * 1024 * 1024];
      OutboundHttp.Answer big = http.postJson(url, Map.of(), "{}", 100);
      assertThat(big.status()).isEqualTo(200);
      assertThat(big.body()).hasSize(100);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void anAnswerDrippedSlowerThanTheDeadlineIsCutOff() throws Exception {
    PartnerEndpoints endpoints = endpoints(List.of("partner.test"),
        host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
    String url = "http://partner.test:" + server.getAddress().getPort() + "/publish";
    // each byte comes well within the socket time-out (2 s, even on a busy machine), the whole answer
    // (20 s) never within the deadline (2.2 s)
    answer = new byte[200];
    drip = Duration.ofMillis(100);
    try (OutboundHttp http = endpoints.client(Duration.ofMillis(200), Duration.ofSeconds(2), 4)) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> http.postJson(url, Map.of(), "{}", 1000)).isInstanceOf(IOException.class)
          .hasMessageContaining("did not answer within");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static PartnerEndpoints endpoints(List<String> allowedHosts, PartnerEndpoints.Lookup lookup) {
    return new PartnerEndpoints(new PartnerSettings(Duration.ofSeconds(5), Duration.ofSeconds(2),
        Duration.ofSeconds(10), new PartnerSettings.Endpoints(true, allowedHosts), Duration.ofHours(24)), lookup);
  }

  private HttpServer server() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      http.createContext("/publish", exchange -> {
        calls.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        byte[] body = answer;
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          if (drip.isZero()) {
            out.write(body);
          } else {
            for (byte b : body) {
              out.write(b);
              out.flush();
              Thread.sleep(drip);
            }
          }
        } catch (IOException | InterruptedException cutOff) {
          // the client hung up, as it should
        }
      });
      http.start();
      return http;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
