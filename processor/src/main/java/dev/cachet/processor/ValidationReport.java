package dev.cachet.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** The problems found in one interface, each with the exact place to underline. */
final class ValidationReport {
  /** One error: printed on {@code element}, narrowed to the annotation and value when known. */
  record Problem(
      Element element, AnnotationMirror annotation, AnnotationValue value, String message) {}

  private final List<Problem> problems = new ArrayList<>();

  void error(Element element, String message) {
    problems.add(new Problem(element, null, null, message));
  }

  void error(Element element, AnnotationMirror annotation, String message) {
    problems.add(new Problem(element, annotation, null, message));
  }

  void error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
    problems.add(new Problem(element, annotation, value, message));
  }

  boolean isClean() {
    return problems.isEmpty();
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }
}
