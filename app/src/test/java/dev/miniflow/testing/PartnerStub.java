package dev.miniflow.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner super app on loopback that is down (503) until told to come back, then accepts every
 * publication (until told to go down again), after an optional delay. It does not deduplicate by
 * idempotency key: every call it accepts counts, so a test sees each publication Miniflow made.
 */
public final class PartnerStub implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService answering = Executors.newCachedThreadPool();
  private final Duration delay;
  private volatile boolean up;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<String> acceptedKeys = new CopyOnWriteArrayList<>();
  private final List<Instant> callTimes = new CopyOnWriteArrayList<>();
  private final List<Long> stubborn = new CopyOnWriteArrayList<>();

  public PartnerStub() {
    this(Duration.ZERO);
  }

  /** A partner that takes {@code delay} to answer each call. */
  public PartnerStub(Duration delay) {
    this.delay = delay;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(answering); // calls at once are answered at once
    server.createContext("/publish", exchange -> {
      calls.incrementAndGet();
      callTimes.add(Instant.now());
      inFlight.incrementAndGet();
      try {
        exchange.getRequestBody().readAllBytes();
        Thread.sleep(delay.toMillis());
        String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        boolean accepted = up && stubborn.stream().noneMatch(id -> key.startsWith("release-" + id + "-"));
        if (!accepted) {
          refusals.incrementAndGet();
        }
        if (accepted) {
          acceptedKeys.add(key);
        }
        byte[] body =
            (accepted ? "{\"reference\": \"P-1\"}" : "{\"error\": \"maintenance\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(accepted ? 200 : 503, body.length);
        exchange.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
        exchange.close();
      }
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/publish";
  }

  public void comeBack() {
    up = true;
  }

  /** Publications of this release are refused (503) even while the partner is up. */
  public void keepRefusing(long releaseId) {
    stubborn.add(releaseId);
  }

  public void goDown() {
    up = false;
  }

  /** Every call, answered or not. */
  public int calls() {
    return calls.get();
  }

  /** Calls answered with a 503 (counted before the answer is sent). */
  public int refusals() {
    return refusals.get();
  }

  /** When each call came. */
  public List<Instant> callTimes() {
    return List.copyOf(callTimes);
  }

  /** Calls received and not answered yet. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Publications accepted under this idempotency key. */
  public long accepted(String key) {
    return acceptedKeys.stream().filter(key::equals).count();
  }

  /** Publications accepted for the release, whatever their stage. */
  public long acceptedForRelease(long releaseId) {
    return acceptedKeys.stream().filter(k -> k.startsWith("release-" + releaseId + "-")).count();
  }

  @Override
  public void close() {
    server.stop(0);
    answering.shutdownNow();
  }
}
