package dev.miniflow.partner;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs to endpoints a workspace admin typed (partner apps, webhooks), which are hostile. The
 * connection goes only to addresses {@link PartnerEndpoints} allowed when it resolved the name
 * for this very connection, so a name that answers a public address to the check and an internal
 * one to the connect (DNS rebinding) reaches nothing. No redirects, retries, cookies, proxies or
 * decompression; one time limit on the whole call; the answer is read up to a cap, the rest never.
 */
@org.springframework.modulith.NamedInterface("api")
public final class OutboundHttp implements Closeable {
  /** The status and at most the first bytes of the answer's body. */
  @org.springframework.modulith.NamedInterface("api")
  public record Answer(int status, byte[] body) {}

  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("outbound-http-deadlines").daemon().factory());

  private final CloseableHttpClient http;
  private final Duration deadline;

  OutboundHttp(PartnerEndpoints endpoints, Duration connectTimeout, Duration timeout, int connectionsPerHost) {
    DnsResolver publicOnly = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
        return endpoints.publicAddresses(host);
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host; // never used for anything but logging; no reverse lookup of hostile names
      }
    };
    var connections = PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(publicOnly)
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
            .setSocketTimeout(Timeout.of(timeout)).build())
        .setMaxConnPerRoute(connectionsPerHost).setMaxConnTotal(Math.max(connectionsPerHost, 64)).build();
    this.http = HttpClients.custom().setConnectionManager(connections)
        .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(connectTimeout))
            .setResponseTimeout(Timeout.of(timeout)).setRedirectsEnabled(false).build())
        .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression()
        .disableAuthCaching().setUserAgent("Miniflow/1").build();
    this.deadline = connectTimeout.plus(timeout);
  }

  /** How long a call may take in all: the connect time-out plus the time-out. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * POSTs a JSON body with the given headers and returns the status and up to {@code maxAnswer}
   * bytes of the answer. Throws {@link InternalAddressException} when the name now resolves to an
   * internal address, and another {@link IOException} when the endpoint could not be reached or
   * the call outlasted {@link #deadline()}.
   */
  public Answer postJson(String url, Map<String, String> headers, String json, int maxAnswer) throws IOException {
    HttpPost post = new HttpPost(URI.create(url));
    headers.forEach(post::setHeader);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    // the socket time-out bounds each read only: a receiver dripping its headers is cut off here
    ScheduledFuture<?> cutOff = DEADLINES.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
    ClassicHttpResponse response = null;
    try {
      response = http.executeOpen(null, post, null);
      byte[] body = new byte[0];
      HttpEntity entity = response.getEntity();
      if (entity != null) {
        // one byte past the cap tells whether the answer ended; an answer that did not is cut off here, since
        // closing its stream would read the rest
        byte[] read = entity.getContent().readNBytes(maxAnswer + 1);
        if (read.length > maxAnswer) {
          post.cancel();
        }
        body = java.util.Arrays.copyOf(read, Math.min(read.length, maxAnswer));
      }
      return new Answer(response.getCode(), body);
    } catch (IOException e) {
      if (post.isCancelled()) {
        throw new IOException("The endpoint did not answer within " + deadline + ".", e);
      }
      throw e;
    } finally {
      cutOff.cancel(false);
      if (response != null) {
        try {
          response.close();
        } catch (IOException afterCutOff) {
          // the answer was taken; a connection cut off above cannot be closed cleanly
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
