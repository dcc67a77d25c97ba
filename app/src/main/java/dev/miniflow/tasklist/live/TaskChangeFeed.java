package dev.miniflow.tasklist.live;

import dev.miniflow.support.Problems;
import dev.miniflow.workspace.MemberBlocked;
import dev.miniflow.workspace.MemberRemoved;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells open queues that tasks changed. The database notifies on every committed change of a task
 * (trigger {@code user_task_changed}, channel {@value #CHANNEL}, payload the workspace), so every
 * app instance hears changes made on any of them; each subscriber only hears of its own
 * workspaces, and only that something changed (the page then reads its queue as usual). A change
 * is told at once, and further ones within {@link #GATHER} of that together when it has passed
 * ({@link TellingPace}); each subscriber is written to on a thread of its own, so a slow browser
 * holds up nobody else.
 */
@Component
class TaskChangeFeed implements SmartLifecycle {
  static final String CHANNEL = "miniflow_tasks";
  static final String EVENT = "tasks";
  static final Duration SUBSCRIPTION = Duration.ofMinutes(10);
  static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
  static final Duration GATHER = Duration.ofMillis(300);
  /** Open queues per person (tabs, devices); a further one ends the oldest. */
  static final int PER_USER = 5;
  static final int MAX_SUBSCRIBERS = 2000;
  private static final Logger log = LoggerFactory.getLogger(TaskChangeFeed.class);

  private record Subscriber(String username, Set<Long> workspaces, SseEmitter emitter, long since) {}

  private final DataSource dataSource;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running;
  private volatile Thread listener;

  TaskChangeFeed(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A subscription for changes in the workspaces; it ends after {@link #SUBSCRIPTION} (browsers reconnect by themselves). */
  SseEmitter subscribe(String username, Collection<Long> workspaces) {
    if (subscribers.size() >= MAX_SUBSCRIBERS) {
      throw Problems
          .unavailable("Too many open queues right now; this page reads its queue every few seconds instead.");
    }
    subscribers.stream().filter(s -> s.username().equals(username))
        .sorted(java.util.Comparator.comparingLong(Subscriber::since).reversed()).skip(PER_USER - 1)
        .forEach(this::end);
    SseEmitter emitter = new SseEmitter(SUBSCRIPTION.toMillis());
    Subscriber subscriber = new Subscriber(username, Set.copyOf(workspaces), emitter, System.nanoTime());
    subscribers.add(subscriber);
    emitter.onCompletion(() -> subscribers.remove(subscriber));
    emitter.onTimeout(() -> subscribers.remove(subscriber));
    emitter.onError(e -> subscribers.remove(subscriber));
    send(subscriber, SseEmitter.event().comment("subscribed"));
    return emitter;
  }

  /** Someone blocked in or removed from a workspace hears nothing more of it: their streams end. */
  @EventListener
  public void on(MemberBlocked blocked) {
    endFor(blocked.username(), blocked.workspaceId());
  }

  @EventListener
  public void on(MemberRemoved removed) {
    endFor(removed.username(), removed.workspaceId());
  }

  private void endFor(String username, long workspaceId) {
    subscribers.stream().filter(s -> s.username().equals(username) && s.workspaces().contains(workspaceId))
        .forEach(this::end);
  }

  private void end(Subscriber subscriber) {
    subscribers.remove(subscriber);
    subscriber.emitter().complete();
  }

  private void changed(Set<Long> workspaces) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.workspaces().stream().anyMatch(workspaces::contains)) {
        senders.execute(() -> send(subscriber, SseEmitter.event().name(EVENT).data("changed")));
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
    TellingPace pace = new TellingPace(GATHER);
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        warned = false;
        while (running) {
          Set<Long> workspaces = new HashSet<>();
          if (gather(pg.getNotifications(1000), workspaces)) {
            Duration wait = pace.waitBeforeTelling(System.nanoTime());
            if (!wait.isZero()) {
              Thread.sleep(wait.toMillis() + 1);
              gather(pg.getNotifications(1), workspaces);
            }
            changed(workspaces);
            pace.told(System.nanoTime());
          }
          if (System.nanoTime() - keptAlive > KEEP_ALIVE.toNanos()) {
            keptAlive = System.nanoTime();
            subscribers.forEach(s -> senders.execute(() -> send(s, SseEmitter.event().comment("keep-alive"))));
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
        if (!pause()) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean gather(PGNotification[] notifications, Set<Long> workspaces) {
    if (notifications == null) {
      return false;
    }
    for (PGNotification n : notifications) {
      try {
        workspaces.add(Long.parseLong(n.getParameter()));
      } catch (NumberFormatException e) {
        // not ours
      }
    }
    return notifications.length > 0;
  }

  private static boolean pause() {
    try {
      Thread.sleep(2000);
      return true;
    } catch (InterruptedException interrupted) {
      return false;
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
    subscribers.forEach(this::end);
    Thread thread = listener;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.shutdownNow();
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
