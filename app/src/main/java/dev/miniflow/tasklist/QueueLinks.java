package dev.miniflow.tasklist;

import java.util.regex.Pattern;
import org.springframework.web.util.UriComponentsBuilder;

/** The queue page's links: its table (read again when tasks change) and its pages, with the same filters. */
record QueueLinks(TaskFilter filter, Long view) {
  private static final Pattern BACK = Pattern.compile("/tasks(\\?[A-Za-z0-9=&%+._~:-]*)?");

  public String table() {
    return link("/tasks/table", filter.page());
  }

  public String page(int page) {
    return link("/tasks", page);
  }

  private String link(String path, Integer page) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
    if (view != null) {
      uri.queryParam("view", view);
    } else {
      add(uri, "queue", filter.queue());
      add(uri, "process", filter.process());
      add(uri, "miniProgram", filter.miniProgram());
      add(uri, "targetApp", filter.targetApp());
      add(uri, "olderThanHours", filter.olderThanHours());
      add(uri, "dueBefore", filter.dueBefore());
      add(uri, "workspace", filter.workspace());
      add(uri, "q", filter.q());
      add(uri, "sort", filter.sort());
      add(uri, "desc", filter.desc());
    }
    add(uri, "page", page == null || page == 0 ? null : page);
    return uri.encode().build().toUriString();
  }

  private static void add(UriComponentsBuilder uri, String name, Object value) {
    if (value != null && !value.toString().isBlank()) {
      uri.queryParam(name, value);
    }
  }

  /** Where a form of the queue page goes back to: a queue page, nothing else. */
  static String safeBack(String back) {
    return back != null && BACK.matcher(back).matches() ? back : "/tasks";
  }
}
