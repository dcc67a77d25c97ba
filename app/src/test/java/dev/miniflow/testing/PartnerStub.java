package dev.miniflow.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A partner super app on loopback that is down (503) until told to come back, then accepts every publication until told to go down again. */
public final class PartnerStub implements AutoCloseable {
  private final HttpServer server;
  private volatile boolean up;
  private final AtomicInteger calls = new AtomicInteger();

  public PartnerStub() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/publish", exchange -> {
      calls.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] body = (up ? "{\"reference\": \"P-1\"}" : "{\"error\": \"maintenance\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(up ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/publish";
  }

  public void comeBack() {
    up = true;
  }

  public void goDown() {
    up = false;
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
