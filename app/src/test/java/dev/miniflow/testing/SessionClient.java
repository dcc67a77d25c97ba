package dev.miniflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user logged in once through the login form, as in the browser: a session cookie (no password
 * check per request, unlike HTTP Basic) and the pages' CSRF token for changes.
 */
public final class SessionClient {
  private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
  private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

  private final String baseUrl;
  private final HttpClient http;
  private final CookieManager cookies;
  private final String csrf;

  private SessionClient(String baseUrl, HttpClient http, CookieManager cookies, String csrf) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.cookies = cookies;
    this.csrf = csrf;
  }

  public static SessionClient logIn(String baseUrl, String username, String password) {
    CookieManager cookies = new CookieManager();
    HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    Matcher loginCsrf = LOGIN_CSRF.matcher(send(http, HttpRequest.newBuilder(URI.create(baseUrl + "/login")).build()));
    assertThat(loginCsrf.find()).as("the login form has a CSRF token").isTrue();
    String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "&_csrf=" + URLEncoder.encode(loginCsrf.group(1), StandardCharsets.UTF_8);
    try {
      HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
          .build(), HttpResponse.BodyHandlers.discarding());
      assertThat(login.headers().firstValue("Location").orElse("")).as("logged in").doesNotContain("error");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Matcher pageCsrf = META_CSRF.matcher(send(http, HttpRequest.newBuilder(URI.create(baseUrl + "/tasks")).build()));
    assertThat(pageCsrf.find()).as("pages carry the CSRF token").isTrue();
    return new SessionClient(baseUrl, http, cookies, pageCsrf.group(1));
  }

  /** The underlying HTTP client, holding the session cookie. */
  public HttpClient http() {
    return http;
  }

  /** The session's Cookie header. */
  public String cookie() {
    return cookies.getCookieStore().get(URI.create(baseUrl)).stream()
        .map(HttpCookie::toString).collect(Collectors.joining("; "));
  }

  /** The REST API with this session, as the web UI calls it. */
  public ApiClient api() {
    String cookie = cookie();
    return new ApiClient(baseUrl, h -> {
      h.add("Cookie", cookie);
      h.add("X-CSRF-TOKEN", csrf);
    });
  }

  /** A page as the browser gets it. */
  public String page(String path) {
    return send(http, HttpRequest.newBuilder(URI.create(baseUrl + path)).build());
  }

  /** A form posted as the browser posts it (with the page's CSRF token); the answer, not followed. */
  public HttpResponse<String> postForm(String path, String form) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
