package dev.miniflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Miniflow's side of the pipeline row, people at work at once as they would be: requesters ask
 * for releases through the API, a watcher keeps the reviewer's queue open (newest first, read
 * again as soon as it answered) and notes when each review first appears there, reviewers approve
 * what it saw through the task API, and an operator releases each approved release fully.
 */
final class Pipeline {
  /** The reviewer's open queue as a watcher keeps it: newest first, so a new task is always on page 1. */
  static final String NEWEST = "/api/v1/tasks?queue=AVAILABLE&process=release&sort=CREATED&desc=true";
  /** The database's notice of committed task changes, which Miniflow's live queues listen to (TaskChangeFeed). */
  static final String TASK_CHANGES = "miniflow_tasks";
  /** Read again at least this often, a notice or not. */
  static final int WATCH_AT_LEAST_EVERY_MS = 20;

  private final ApiClient developer;
  private final ApiClient reviewer;
  private final ApiClient operator;
  private final JdbcClient jdbc;
  private final java.util.concurrent.Callable<java.sql.Connection> listening;
  private final long targetAppId;
  private final EngineTimes times;

  /**
   * @param visibilityMs per review: the engine reached the user task → the queue API first returned it
   * @param pickUpMs per review, the first part of that: → the intake's transaction began
   *     ({@code user_task.created_at}); the rest is the intake itself, its commit and the read
   */
  record Run(double seconds, List<Double> visibilityMs, List<Double> pickUpMs) {}

  /** @param listening a connection of its own to Miniflow's database, for the watcher to hear task changes on */
  Pipeline(ApiClient developer, ApiClient reviewer, ApiClient operator, JdbcClient jdbc,
      java.util.concurrent.Callable<java.sql.Connection> listening, long targetAppId, EngineTimes times) {
    this.listening = listening;
    this.developer = developer;
    this.reviewer = reviewer;
    this.operator = operator;
    this.jdbc = jdbc;
    this.targetAppId = targetAppId;
    this.times = times;
  }

  /** Releases the versions, from the first request to the last process instance's completion (engine time). */
  Run run(List<Long> versions) throws Exception {
    return run(versions, null);
  }

  /** As {@link #run(List)}, with a release asked for every {@code interval} (null: as fast as they go). */
  Run run(List<Long> versions, Duration interval) throws Exception {
    int n = versions.size();
    long before = times.completed();
    Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
    BlockingQueue<Long> toReview = new LinkedBlockingQueue<>();
    AtomicBoolean over = new AtomicBoolean();
    AtomicInteger reviewed = new AtomicInteger();
    ExecutorService people = Executors.newFixedThreadPool(6);
    List<Future<?>> work = new ArrayList<>();
    work.add(people.submit(() -> watch(firstSeen, toReview, over)));
    for (int i = 0; i < 4; i++) {
      work.add(people.submit(() -> review(toReview, reviewed, n)));
    }
    work.add(people.submit(() -> rollOut(n, over)));
    long start = System.currentTimeMillis();
    java.util.function.Function<Integer, Long> ask = i -> {
      var reply = developer.post("/api/v1/releases", Map.of("versionId", versions.get(i), "targetAppId", targetAppId,
          "environment", "PRODUCTION"));
      if (reply.status() != 201) {
        throw new IllegalStateException("Requesting a release answered " + reply.status() + ": " + reply.body());
      }
      return reply.releaseId();
    };
    if (interval == null) {
      Concurrently.map(n, 4, ask);
    } else {
      Concurrently.paced(n, 4, interval, ask);
    }
    long end = times.awaitCompleted(before, n, Duration.ofMinutes(10));
    over.set(true);
    for (Future<?> f : work) {
      f.get(1, TimeUnit.MINUTES);
    }
    people.shutdown();
    List<Double> pickUp = new ArrayList<>();
    return new Run((end - start) / 1e3, visibility(firstSeen, n, pickUp), pickUp);
  }

  /**
   * Reads the queue whenever the database says a task changed (after the commit, as the live queue in the
   * browser hears it) and at least every {@value #WATCH_AT_LEAST_EVERY_MS} ms; each task's first sighting
   * in the queue API's answer is when it became visible. Polling instead, a few ms apart, would add half
   * its pause to every figure, and polling without a pause would take a core of this machine.
   */
  private Void watch(Map<Long, Long> firstSeen, BlockingQueue<Long> toReview, AtomicBoolean over) throws Exception {
    try (java.sql.Connection connection = listening.call()) {
      try (var listen = connection.createStatement()) {
        listen.execute("listen " + TASK_CHANGES);
      }
      var notices = connection.unwrap(org.postgresql.PGConnection.class);
      while (!over.get()) {
        notices.getNotifications(WATCH_AT_LEAST_EVERY_MS);
        var reply = reviewer.exchange(NEWEST);
        long now = System.currentTimeMillis();
        if (!reply.getStatusCode().is2xxSuccessful() || reply.getBody() == null) {
          throw new IllegalStateException("The queue answered " + reply.getStatusCode());
        }
        for (JsonNode task : reply.getBody()) {
          long id = task.get("id").asLong();
          if (firstSeen.putIfAbsent(id, now) == null) {
            toReview.add(id);
          }
        }
      }
    }
    return null;
  }

  private Void review(BlockingQueue<Long> toReview, AtomicInteger reviewed, int n) throws InterruptedException {
    while (reviewed.get() < n) {
      Long id = toReview.poll(100, TimeUnit.MILLISECONDS);
      if (id != null) {
        int status = reviewer.post("/api/v1/tasks/" + id + "/complete", Map.of("decision", "approve", "comment", "ok"))
            .status();
        if (status != 200) {
          throw new IllegalStateException("Completing task " + id + " answered " + status);
        }
        reviewed.incrementAndGet();
      }
    }
    return null;
  }

  /** Releases each approved release fully as soon as it is approved. */
  private Void rollOut(int n, AtomicBoolean over) throws Exception {
    Set<Long> done = ConcurrentHashMap.newKeySet();
    while (done.size() < n && !over.get()) {
      List<Long> approved = jdbc.sql("select id from release where status = 'APPROVED' order by id")
          .query(Long.class).list().stream().filter(id -> !done.contains(id)).toList();
      Concurrently.map(approved.size(), 4,
          i -> operator.post("/api/v1/releases/" + approved.get(i) + "/full").status() == 202
              ? done.add(approved.get(i)) : null);
      if (approved.isEmpty()) {
        Thread.sleep(20);
      }
    }
    return null;
  }

  /** First sighting minus the moment the engine reached the user task, for every review of the run. */
  private List<Double> visibility(Map<Long, Long> firstSeen, int n, List<Double> pickUp) {
    if (firstSeen.size() != n) {
      throw new AssertionError("The watcher saw " + firstSeen.size() + " of " + n + " reviews");
    }
    List<Double> visibility = new ArrayList<>();
    Map<Long, Long> jobs = new java.util.HashMap<>();
    Map<Long, Double> begun = new java.util.HashMap<>();
    jdbc.sql("select id, job_key, extract(epoch from created_at) * 1000 as begun from user_task where id = any(:ids)")
        .param("ids", firstSeen.keySet().toArray(Long[]::new))
        .query((rs, row) -> {
          begun.put(rs.getLong("id"), rs.getDouble("begun"));
          return jobs.put(rs.getLong("id"), rs.getLong("job_key"));
        }).list();
    firstSeen.forEach((task, seen) -> {
      Long reached = times.reachedByJob(jobs.get(task));
      if (reached == null) {
        throw new AssertionError("Task " + task + " has no user task in the engine's log");
      }
      visibility.add((double) (seen - reached));
      pickUp.add(begun.get(task) - reached);
    });
    return visibility;
  }
}
