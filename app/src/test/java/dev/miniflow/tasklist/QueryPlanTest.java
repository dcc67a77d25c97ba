package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue reads stay on their indexes at scale: 200,000 tasks in 500 groups are written (in a
 * transaction that is rolled back, so no other test sees them), the tables analysed, and the plan
 * of each hot query, exactly as {@link TaskSearch} sends it, may not scan user_task or
 * task_candidate sequentially.
 */
@EmbeddedMiniflowTest
class QueryPlanTest {
  static final int TASKS = 200_000;
  static final int GROUPS = 500;

  @Autowired TaskSearch search;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired WorkspaceService workspaces;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void theHotQueueQueriesUseTheirIndexesAtTwoHundredThousandTasks() {
    long ws = TestWorkspaces.create(workspaces, tx, "Plans", Map.of());
    Map<String, List<String>> seqScans = new LinkedHashMap<>();
    Map<String, List<String>> sorted = new LinkedHashMap<>();
    tx.executeWithoutResult(status -> {
      status.setRollbackOnly();
      // 90 % open in one group each, 5 % claimed by one of 1,000 people, 5 % completed
      jdbc.sql("""
          insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
            candidate_groups, audience, state, assignee, completed_by, completed_at, created_at)
          select -g, -g, 'release', 'ReviewRelease', 'Review ' || g, :ws, array['plan-' || (g % :groups)],
            array[:ws || ':plan-' || (g % :groups)],
            case when g % 20 = 0 then 'CLAIMED' when g % 20 = 1 then 'COMPLETED' else 'OPEN' end,
            case when g % 20 = 0 then 'plan-user-' || (g % 1000) end,
            case when g % 20 = 1 then 'plan-user-' || (g % 1000) end,
            case when g % 20 = 1 then now() end,
            now() - make_interval(secs => g)
          from generate_series(1, :tasks) g""").param("ws", ws).param("groups", GROUPS).param("tasks", TASKS)
          .update();
      // and one busy reviewer who holds 5,000 tasks and completed 5,000
      jdbc.sql("""
          update user_task set assignee = case when state = 'CLAIMED' then 'plan-busy' else assignee end,
            completed_by = case when state = 'COMPLETED' then 'plan-busy' else completed_by end
          where workspace_id = :ws and job_key > -100000 and state in ('CLAIMED', 'COMPLETED')""")
          .param("ws", ws).update();
      jdbc.sql("analyze user_task").update();
      jdbc.sql("analyze task_candidate").update();

      List<String> audience = List.of(ws + ":plan-1", ws + ":plan-2", ws + ":plan-3");
      String user = "plan-user-20";
      Instant deep = Instant.now().minusSeconds(TASKS / 2);
      Map<String, TaskQuery> queries = new LinkedHashMap<>();
      queries.put("my queue", TaskQuery.of(TaskQueries.Queue.MINE));
      queries.put("unassigned in my groups", TaskQuery.of(TaskQueries.Queue.AVAILABLE));
      queries.put("unassigned in my groups, a page deep (keyset)", new TaskQuery(TaskQueries.Queue.AVAILABLE, null,
          null, null, null, null, null, null, null, false, 0, new TaskQuery.Position(deep, TASKS / 2)));
      queries.put("unassigned in my groups, by due date", new TaskQuery(TaskQueries.Queue.AVAILABLE, null, null,
          null, null, null, null, null, TaskQuery.Sort.DUE, false, 0, null));
      queries.put("completed by me", TaskQuery.of(TaskQueries.Queue.COMPLETED));
      queries.put("all I may see", TaskQuery.of(TaskQueries.Queue.ALL));
      queries.forEach((name, query) -> {
        TaskSearch.Statement statement = search.statement(query, user, audience, List.of(), TaskQuery.PAGE_SIZE + 1);
        JsonNode plan = plan(statement);
        List<String> scanned = new ArrayList<>();
        collectSeqScans(plan, scanned);
        seqScans.put(name, scanned);
      });
      // a person's own queues are read in index order: no sort of all they hold, however much that is
      for (var queue : List.of(TaskQueries.Queue.MINE, TaskQueries.Queue.COMPLETED)) {
        JsonNode plan = plan(search.statement(TaskQuery.of(queue), "plan-busy", audience, List.of(),
            TaskQuery.PAGE_SIZE + 1));
        List<String> sorts = new ArrayList<>();
        collectSorts(plan, sorts);
        sorted.put(queue.name(), sorts);
      }
      // the control: a query no index serves is seen scanning, so the check above can fail
      List<String> control = new ArrayList<>();
      collectSeqScans(plan(new TaskSearch.Statement("select * from user_task where name like :n",
          Map.of("n", "%view 7%"))), control);
      assertThat(control).containsExactly("user_task");
    });
    assertThat(seqScans).as("tables scanned sequentially, per query")
        .allSatisfy((query, tables) -> assertThat(tables).as(query).doesNotContain("user_task", "task_candidate"));
    assertThat(sorted).as("sorts in the plans of a busy reviewer's own queues")
        .allSatisfy((queue, sorts) -> assertThat(sorts).as(queue).isEmpty());
  }

  private static void collectSorts(JsonNode node, List<String> sorts) {
    if (node.path("Node Type").asText().contains("Sort")) { // "Sort", "Incremental Sort"
      sorts.add(node.path("Node Type").asText() + " of " + node.path("Plan Rows").asText() + " rows");
    }
    node.path("Plans").forEach(child -> collectSorts(child, sorts));
  }

  private JsonNode plan(TaskSearch.Statement statement) {
    try {
      return json.readTree(jdbc.sql("explain (format json) " + statement.sql()).params(statement.params())
          .query(String.class).single()).get(0).get("Plan");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collectSeqScans(JsonNode node, List<String> tables) {
    if (node.path("Node Type").asText().endsWith("Seq Scan")) { // "Parallel Seq Scan" too
      tables.add(node.path("Relation Name").asText());
    }
    node.path("Plans").forEach(child -> collectSeqScans(child, tables));
  }
}
