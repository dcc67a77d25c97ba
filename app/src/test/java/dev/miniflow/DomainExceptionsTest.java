package dev.miniflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Services speak the domain: they throw {@link dev.miniflow.support.DomainException} (through
 * {@code Problems}), and only controllers and the web support turn it into HTTP (no Spring, no engine).
 */
class DomainExceptionsTest {
  static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.miniflow");

  @Test
  void onlyTheWebLayerKnowsHttpStatusesAndProblems() {
    noClasses().that().areNotAnnotatedWith(Controller.class).and().areNotAnnotatedWith(RestController.class)
        .and().areNotAnnotatedWith(ControllerAdvice.class)
        .and().areNotAnnotatedWith(Configuration.class).and().areNotAssignableTo(Filter.class) // security, servlet filters
        .and().doNotHaveFullyQualifiedName("dev.miniflow.support.ProblemDetails")
        .should().dependOnClassesThat().belongToAnyOf(HttpStatus.class, ProblemDetail.class,
            ErrorResponseException.class, ResponseStatusException.class)
        .because("services throw DomainException; WebErrors, Flash and ProblemDetails map it to HTTP")
        .check(MAIN);
  }
}
