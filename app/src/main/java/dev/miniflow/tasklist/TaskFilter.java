package dev.miniflow.tasklist;

/** The query parameters of a queue, as pages and the API receive them (all optional). */
record TaskFilter(TaskQueries.Queue queue, String process, String miniProgram, String targetApp, Integer olderThanHours,
    String q, TaskQuery.Sort sort, Boolean desc, Integer page, String after) {

  TaskQuery toQuery() {
    // completed work is looked back at newest first; open work is taken oldest first
    boolean descending = desc == null ? queue == TaskQueries.Queue.COMPLETED : desc;
    return new TaskQuery(queue, process, miniProgram, targetApp, olderThanHours, q, sort, descending,
        page == null ? 0 : page, after == null || after.isBlank() ? null : TaskQuery.Position.parse(after));
  }
}
