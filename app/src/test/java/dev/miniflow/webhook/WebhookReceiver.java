package dev.miniflow.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback, as a workspace's CI would run one: it checks each call's
 * signature and timestamp the documented way (HMAC-SHA256 of "timestamp.body"), answers with the
 * status it is set to, and keeps what it accepted.
 */
final class WebhookReceiver implements AutoCloseable {
  record Call(String id, String event, String body, boolean signed) {}

  private final HttpServer server;
  private volatile int answer = 204;
  private volatile String secret = "";
  private volatile java.time.Duration hold = java.time.Duration.ZERO;
  final List<Call> accepted = new CopyOnWriteArrayList<>();
  final AtomicInteger refused = new AtomicInteger();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // each call on its own thread, so a held call holds no other
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/hook", exchange -> {
      if (!hold.isZero()) {
        try {
          Thread.sleep(hold);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = answer;
      if (status >= 200 && status < 300) {
        var headers = exchange.getRequestHeaders();
        long timestamp = Long.parseLong(headers.getFirst("Miniflow-Webhook-Timestamp"));
        boolean fresh = Math.abs(Instant.now().getEpochSecond() - timestamp) <= 300;
        boolean signed = fresh && dev.miniflow.support.Hmac.matches(secret.getBytes(StandardCharsets.UTF_8),
            timestamp + "." + body, headers.getFirst("Miniflow-Webhook-Signature").substring("sha256=".length()));
        accepted.add(new Call(headers.getFirst("Miniflow-Webhook-Id"), headers.getFirst("Miniflow-Webhook-Event"),
            body, signed));
      } else {
        refused.incrementAndGet();
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void answer(int status) {
    this.answer = status;
  }

  /** Each call waits this long before it is read and answered: a slow receiver. */
  void hold(java.time.Duration hold) {
    this.hold = hold;
  }

  void secret(String secret) {
    this.secret = secret;
  }

  long timesAccepted(String deliveryId) {
    return accepted.stream().filter(c -> c.id().equals(deliveryId)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
