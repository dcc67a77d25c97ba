package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page takes its head (CSRF meta tags, stylesheets, scripts) and navigation from
 * fragments/layout.html, so a change to them reaches every page and no page drifts apart again.
 */
class PageLayoutTest {
  static final Path TEMPLATES = Path.of("src", "main", "resources", "templates");
  static final Pattern LAYOUT_CALL = Pattern.compile(
      "<html[^>]*\\sth:replace=\"~\\{fragments/layout :: (layout|standalone)\\(");
  /** Reached without an account, or by a mini program's end users: the shared head, no navigation. */
  static final Set<String> STANDALONE = Set.of(
      "login.html", "workspace/invitation.html", "promotion/landing.html", "promotion/preview.html");
  static final Pattern OWN_ASSETS = Pattern.compile("(?s)<th:block th:fragment=\"assets\">.*?</th:block>");
  static final List<String> LAYOUT_ONLY = List.of(
      "<meta", "<title", "<script", "<link", "navbar", ":: head", ":: pageHead", ":: nav", "fragments/alerts");
  static final Pattern MENU = Pattern.compile("menu='(\\w+)'");
  static final Pattern NAV_ITEM = Pattern.compile("menuItem\\(\\$\\{menu}, '(\\w+)'");

  @Test
  void everyPageUsesTheLayoutAndBringsNoHeadOrNavigationOfItsOwn() {
    List<String> pages = pages();
    assertThat(pages).as("pages under " + TEMPLATES).hasSizeGreaterThan(20).containsAll(STANDALONE);
    for (String page : pages) {
      String html = read(TEMPLATES.resolve(page));
      Matcher call = LAYOUT_CALL.matcher(html);
      assertThat(call.find()).as(page + " is rendered through fragments/layout").isTrue();
      assertThat(call.group(1)).as(page).isEqualTo(STANDALONE.contains(page) ? "standalone" : "layout");
      // a page's extra head elements go through the layout's assets parameter, nothing else of the head
      String own = OWN_ASSETS.matcher(html).replaceAll("");
      for (String shared : LAYOUT_ONLY) {
        assertThat(own).as(page + " leaves " + shared + " to the layout").doesNotContain(shared);
      }
    }
  }

  @Test
  void everySectionAPageNamesIsAnItemOfTheNavigation() {
    Set<String> items = new TreeSet<>();
    NAV_ITEM.matcher(read(TEMPLATES.resolve("fragments/layout.html"))).results().forEach(m -> items.add(m.group(1)));
    assertThat(items).contains("programs", "tasks", "releases", "inbox", "processes", "monitor");
    // a misspelt section would silently mark no item
    for (String page : pages()) {
      MENU.matcher(read(TEMPLATES.resolve(page))).results()
          .forEach(m -> assertThat(items).as(page + " names the section " + m.group(1)).contains(m.group(1)));
    }
  }

  private static List<String> pages() {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".html"))
          .map(f -> TEMPLATES.relativize(f).toString().replace('\\', '/'))
          .filter(f -> !f.startsWith("fragments/")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
