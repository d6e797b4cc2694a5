package dev.cachet.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** The problems found in one interface, each with the exact place to underline. */
final class ValidationReport {
  /**
   * One error: printed on {@code element}, narrowed to the annotation and value when known. A
   * repeated annotation has no position javac can find from its mirror: {@code repeatedIndex} is
   * its index among the repeated ones ({@code -1} otherwise) and {@code attribute} the attribute to
   * underline, so the processor can find it in the source tree.
   */
  record Problem(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String message,
      int repeatedIndex,
      String attribute) {}

  private final List<Problem> problems = new ArrayList<>();

  void error(Element element, String message) {
    problems.add(new Problem(element, null, null, message, -1, null));
  }

  void error(Element element, AnnotationMirror annotation, String message) {
    problems.add(new Problem(element, annotation, null, message, -1, null));
  }

  void error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
    problems.add(new Problem(element, annotation, value, message, -1, null));
  }

  /** An error on the {@code index}-th of a repeated annotation, at {@code attribute} if not null. */
  void errorOnRepeated(
      Element element,
      AnnotationMirror container,
      int index,
      String attribute,
      String message) {
    problems.add(new Problem(element, container, null, message, index, attribute));
  }

  boolean isClean() {
    return problems.isEmpty();
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }
}
