package dev.miniflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API answers with its own response records, never with persistence rows: a column added to a
 * table must not reach API clients by itself (no Spring). Looks through the type arguments of what
 * a method returns (ResponseEntity, List, Optional, Map, …) and through the components of records,
 * to any depth.
 */
class ApiResponsesTest {

  @Test
  void restControllersReturnNoTableRows() {
    methods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
        .and().areMetaAnnotatedWith(RequestMapping.class) // the handlers: @GetMapping, @PostMapping, …
        .should(returnNoTableRows())
        .because("the API returns its own response records (issue 17); map rows with a view's of(row)")
        .check(DomainExceptionsTest.MAIN);
  }

  private static ArchCondition<JavaMethod> returnNoTableRows() {
    return new ArchCondition<>("return no class annotated with @Table, nor one inside what they return") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        for (String path : rowsIn(method.getReturnType())) {
          events.add(SimpleConditionEvent.violated(method,
              method.getFullName() + " returns a row, " + path + ", in " + method.getSourceCodeLocation()));
        }
      }
    };
  }

  /** Every @Table class reachable from the type, each as the path of records that leads to it. */
  static Set<String> rowsIn(JavaType returned) {
    Set<String> rows = new LinkedHashSet<>();
    Set<JavaClass> seen = new HashSet<>();
    Deque<Reached> todo = new ArrayDeque<>();
    todo.add(new Reached(returned, ""));
    while (!todo.isEmpty()) {
      Reached next = todo.poll();
      for (JavaClass type : classesIn(next.type())) {
        String path = next.path().isEmpty() ? type.getSimpleName() : next.path() + " → " + type.getSimpleName();
        if (type.isAnnotatedWith(Table.class)) {
          rows.add(path);
        }
        if (type.isRecord() && seen.add(type)) {
          for (JavaField component : type.getFields()) {
            if (!component.getModifiers().contains(JavaModifier.STATIC)) {
              todo.add(new Reached(component.getType(), path + "." + component.getName()));
            }
          }
        }
      }
    }
    return rows;
  }

  /** The classes a generic type names: itself, its type arguments, bounds and array components. */
  private static Set<JavaClass> classesIn(JavaType type) {
    Set<JavaClass> classes = new LinkedHashSet<>();
    type.traverseSignature(new JavaType.SignatureVisitor() {
      @Override
      public Result visitClass(JavaClass javaClass) {
        classes.add(javaClass.isArray() ? javaClass.getBaseComponentType() : javaClass);
        return Result.CONTINUE;
      }

      @Override
      public Result visitParameterizedType(JavaParameterizedType parameterized) {
        classes.add(parameterized.toErasure());
        return Result.CONTINUE;
      }
    });
    return classes;
  }

  private record Reached(JavaType type, String path) {}
}
