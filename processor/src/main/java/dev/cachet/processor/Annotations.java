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

  /** Every {@code @Invalidates} on {@code element}, written once or repeated. */
  static List<AnnotationMirror> invalidates(Element element) {
    List<AnnotationMirror> found = new ArrayList<>();
    AnnotationMirror single = find(element, INVALIDATES);
    if (single != null) {
      found.add(single);
    }
    AnnotationMirror container = find(element, INVALIDATES_LIST);
    if (container != null) {
      AnnotationValue value = explicitValue(container, "value");
      if (value != null && value.getValue() instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof AnnotationValue itemValue
              && itemValue.getValue() instanceof AnnotationMirror mirror) {
            found.add(mirror);
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
