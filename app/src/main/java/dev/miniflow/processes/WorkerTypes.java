package dev.miniflow.processes;

import io.camunda.client.annotation.JobWorker;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/** The job types Miniflow has a worker for, read from the {@code @JobWorker} methods of its beans. */
@Component
class WorkerTypes {
  private final ApplicationContext context;
  private volatile Set<String> types;

  WorkerTypes(ApplicationContext context) {
    this.context = context;
  }

  Set<String> all() {
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
