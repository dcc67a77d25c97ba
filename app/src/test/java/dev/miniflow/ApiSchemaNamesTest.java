package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API description names a body's schema after its class's simple name: two classes of one
 * name (CapabilityApi.Entry and ChainExport.Entry once) become one schema, and one of the two
 * calls is documented with the other's fields. Every type the REST API reads or answers has a
 * name of its own.
 */
class ApiSchemaNamesTest {
  @Test
  void everyBodyTypeOfTheApiHasASchemaNameOfItsOwn() throws Exception {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
    Set<Class<?>> bodies = new HashSet<>();
    for (var candidate : scanner.findCandidateComponents("dev.miniflow")) {
      Class<?> controller = Class.forName(candidate.getBeanClassName());
      if (controller.getName().contains("Test")) {
        continue; // the tests' own controllers are no part of the API
      }
      for (Method method : controller.getDeclaredMethods()) {
        collect(method.getGenericReturnType(), bodies);
        for (var parameter : method.getParameters()) {
          if (parameter.isAnnotationPresent(RequestBody.class)) {
            collect(parameter.getParameterizedType(), bodies);
          }
        }
      }
    }
    // by name, the classes of each shape under it: records of the same components (several {reason}) are one schema
    Map<String, Map<String, Set<String>>> byName = new TreeMap<>();
    // the RFC 9457 problem schema ApiDocumentation adds under its own name
    byName.put("Problem", new TreeMap<>(Map.of("problem detail", Set.of("ApiDocumentation"))));
    bodies.forEach(type -> byName.computeIfAbsent(type.getSimpleName(), name -> new TreeMap<>())
        .computeIfAbsent(shape(type), shape -> new TreeSet<>()).add(type.getName()));
    assertThat(bodies).as("the API's own body types were found").hasSizeGreaterThan(50);
    byName.values().removeIf(shapes -> shapes.size() == 1);
    assertThat(byName).as("schema names shared by body types of different shapes").isEmpty();
  }

  private static String shape(Class<?> type) {
    if (!type.isRecord()) {
      return type.getName();
    }
    StringBuilder shape = new StringBuilder("record (");
    for (RecordComponent component : type.getRecordComponents()) {
      shape.append(component.getGenericType().getTypeName()).append(' ').append(component.getName())
          .append(List.of(component.getAnnotations())).append(", ");
    }
    return shape.append(')').toString();
  }

  /** The Miniflow classes a type is made of (generic arguments, record components), enums aside (inline). */
  private static void collect(Type type, Set<Class<?>> found) {
    if (type instanceof ParameterizedType parameterized) {
      collect(parameterized.getRawType(), found);
      for (Type argument : parameterized.getActualTypeArguments()) {
        collect(argument, found);
      }
    } else if (type instanceof WildcardType wildcard) {
      for (Type bound : wildcard.getUpperBounds()) {
        collect(bound, found);
      }
    } else if (type instanceof Class<?> cls) {
      if (cls.isArray()) {
        collect(cls.getComponentType(), found);
      } else if (cls.getName().startsWith("dev.miniflow.") && !cls.isEnum() && found.add(cls)
          && cls.isRecord()) {
        for (RecordComponent component : cls.getRecordComponents()) {
          collect(component.getGenericType(), found);
        }
      }
    }
  }
}
