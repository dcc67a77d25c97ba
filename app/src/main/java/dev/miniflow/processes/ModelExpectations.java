package dev.miniflow.processes;

import io.camunda.client.annotation.JobWorker;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * What Miniflow's code expects of a process model: the job types it has a worker for (read from
 * the {@code @JobWorker} methods of its beans) and the elements its recovery starts at.
 */
@Component
class ModelExpectations {
  private final ApplicationContext context;
  private final ObjectProvider<RestartPoints> restartPoints;
  private volatile Set<String> types;

  ModelExpectations(ApplicationContext context, ObjectProvider<RestartPoints> restartPoints) {
    this.context = context;
    this.restartPoints = restartPoints;
  }

  /** Process id → element ids, from every feature's {@link RestartPoints}. */
  Map<String, Set<String>> restartPoints() {
    Map<String, Set<String>> all = new HashMap<>();
    restartPoints.orderedStream().forEach(
        points -> points.restartPoints().forEach((process, elements) -> all.merge(process, elements, (a, b) -> {
          Set<String> both = new TreeSet<>(a);
          both.addAll(b);
          return both;
        })));
    return all;
  }

  Set<String> workerTypes() {
    if (types == null) {
      Set<String> found = new TreeSet<>();
      for (String name : context.getBeanDefinitionNames()) {
        Class<?> type = context.getType(name);
        if (type == null || !type.getPackageName().startsWith("dev.miniflow")) {
          continue;
        }
        ReflectionUtils.doWithMethods(AopUtils.isAopProxy(type) ? type.getSuperclass() : type, method -> {
          JobWorker worker = method.getAnnotation(JobWorker.class);
          if (worker != null && !worker.type().isBlank()) {
            found.add(worker.type());
          }
        });
      }
      types = Set.copyOf(found);
    }
    return types;
  }
}
