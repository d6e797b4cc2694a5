package dev.cachet.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads Cachet's annotations as mirrors, so problems can be reported on the exact value. */
final class Annotations {
  static final String CACHED = "dev.cachet.Cached";
  static final String INVALIDATES = "dev.cachet.Invalidates";
  static final String INVALIDATES_LIST = "dev.cachet.Invalidates.List";
  static final String NOT_KEY = "dev.cachet.NotKey";
  static final String DO_NOT_CACHE_NULL = "dev.cachet.DoNotCacheNull";

  private Annotations() {}

  /** The annotation named {@code qualifiedName} on {@code element}, or null. */
  static AnnotationMirror find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  static boolean has(Element element, String qualifiedName) {
    return find(element, qualifiedName) != null;
  }

  /**
   * One {@code @Invalidates}. When it was repeated, javac wraps it in a synthesized container that
   * has no source position of its own: {@code container} is set and {@code index} is this
   * annotation's place among the repeated ones ({@code -1} when written once).
   */
  record InvalidatesAnnotation(AnnotationMirror mirror, AnnotationMirror container, int index) {}

  /** Every {@code @Invalidates} on {@code element}, written once or repeated. */
  static List<InvalidatesAnnotation> invalidates(Element element) {
    List<InvalidatesAnnotation> found = new ArrayList<>();
    AnnotationMirror single = find(element, INVALIDATES);
    if (single != null) {
      found.add(new InvalidatesAnnotation(single, null, -1));
    }
    AnnotationMirror container = find(element, INVALIDATES_LIST);
    if (container != null) {
      AnnotationValue value = explicitValue(container, "value");
      if (value != null && value.getValue() instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof AnnotationValue itemValue
              && itemValue.getValue() instanceof AnnotationMirror mirror) {
            found.add(new InvalidatesAnnotation(mirror, container, found.size()));
          }
        }
      }
    }
    return found;
  }

  /** The value written for {@code name}, or null when it is left to its default. */
  static AnnotationValue explicitValue(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The value of {@code name}, written or default. */
  static Object value(Elements elements, AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue().getValue();
      }
    }
    throw new IllegalArgumentException("no value " + name + " in " + mirror);
  }

  static String string(Elements elements, AnnotationMirror mirror, String name) {
    return (String) value(elements, mirror, name);
  }

  static boolean bool(Elements elements, AnnotationMirror mirror, String name) {
    return (Boolean) value(elements, mirror, name);
  }
}
