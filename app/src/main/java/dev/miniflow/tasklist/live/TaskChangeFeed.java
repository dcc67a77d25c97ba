package dev.miniflow.tasklist.live;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells open queues that tasks changed. The database notifies on every committed change of a task
 * (trigger {@code user_task_changed}, channel {@value #CHANNEL}, payload the workspace), so every
 * app instance hears changes made on any of them; each subscriber only hears of its own
 * workspaces, and only that something changed (the page then reads its queue as usual).
 */
@Component
class TaskChangeFeed implements SmartLifecycle {
  static final String CHANNEL = "miniflow_tasks";
  static final String EVENT = "tasks";
  static final Duration SUBSCRIPTION = Duration.ofMinutes(10);
  static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
  private static final Logger log = LoggerFactory.getLogger(TaskChangeFeed.class);

  private record Subscriber(SseEmitter emitter, Set<Long> workspaces) {}

  private final DataSource dataSource;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private volatile boolean running;
  private volatile Thread listener;

  TaskChangeFeed(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A subscription for changes in the workspaces; it ends after {@link #SUBSCRIPTION} (browsers reconnect by themselves). */
  SseEmitter subscribe(Collection<Long> workspaces) {
    SseEmitter emitter = new SseEmitter(SUBSCRIPTION.toMillis());
    Subscriber subscriber = new Subscriber(emitter, Set.copyOf(workspaces));
    subscribers.add(subscriber);
    emitter.onCompletion(() -> subscribers.remove(subscriber));
    emitter.onTimeout(() -> subscribers.remove(subscriber));
    emitter.onError(e -> subscribers.remove(subscriber));
    send(subscriber, SseEmitter.event().comment("subscribed"));
    return emitter;
  }

  int subscribers() {
    return subscribers.size();
  }

  private void changed(long workspaceId) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.workspaces().contains(workspaceId)) {
        send(subscriber, SseEmitter.event().name(EVENT).data("changed"));
      }
    }
  }

  private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
    try {
      subscriber.emitter().send(event);
    } catch (IOException | IllegalStateException e) {
      // the browser went away: forget it
      subscribers.remove(subscriber);
      subscriber.emitter().completeWithError(e);
    }
  }

  /** Listens on a connection of its own; a database outage pauses the feed (pages fall back to polling). */
  private void listen() {
    long keptAlive = System.nanoTime();
    boolean warned = false;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        warned = false;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null) {
            Set<Long> workspaces = new java.util.HashSet<>();
            for (PGNotification n : notifications) {
              try {
                workspaces.add(Long.parseLong(n.getParameter()));
              } catch (NumberFormatException e) {
                // not ours
              }
            }
            workspaces.forEach(this::changed);
          }
          if (System.nanoTime() - keptAlive > KEEP_ALIVE.toNanos()) {
            keptAlive = System.nanoTime();
            subscribers.forEach(s -> send(s, SseEmitter.event().comment("keep-alive")));
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        if (!warned) {
          log.warn("Live task updates paused, the database is not reachable ({}); queues poll meanwhile",
              e.getMessage());
          warned = true;
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  @Override
  public void start() {
    running = true;
    listener = Thread.ofPlatform().daemon().name("task-change-feed").start(this::listen);
  }

  /** Ends the subscriptions before the web server stops (its graceful shutdown would wait for them). */
  @Override
  public void stop() {
    running = false;
    subscribers.forEach(s -> s.emitter().complete());
    subscribers.clear();
    Thread thread = listener;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
