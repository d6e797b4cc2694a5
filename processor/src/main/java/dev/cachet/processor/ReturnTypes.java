package dev.cachet.processor;

import dev.cachet.processor.DecoratedMethod.ReturnKind;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** What a {@code @Cached} method stores, given its return type. */
final class ReturnTypes {
  private final Elements elements;
  private final Types types;

  ReturnTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  ReturnKind kindOf(TypeMirror returnType) {
    if (returnType.getKind() == TypeKind.DECLARED) {
      String name =
          ((TypeElement) ((DeclaredType) returnType).asElement()).getQualifiedName().toString();
      switch (name) {
        case "java.util.Optional":
          return ReturnKind.OPTIONAL;
        case "java.util.concurrent.CompletableFuture":
          return ReturnKind.COMPLETABLE_FUTURE;
        case "java.util.concurrent.CompletionStage":
          return ReturnKind.COMPLETION_STAGE;
        default:
          return ReturnKind.PLAIN;
      }
    }
    return ReturnKind.PLAIN;
  }

  /**
   * The stored type: a primitive boxed, {@code Optional<T>} and the futures unwrapped to {@code T}
   * (a wildcard to its upper bound).
   */
  TypeMirror cachedTypeOf(TypeMirror returnType) {
    if (returnType.getKind().isPrimitive()) {
      return types.boxedClass((PrimitiveType) returnType).asType();
    }
    if (kindOf(returnType) == ReturnKind.PLAIN) {
      return returnType;
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
    if (arguments.isEmpty()) {
      return elements.getTypeElement("java.lang.Object").asType();
    }
    return upperBound(arguments.get(0));
  }

  /** A wildcard's upper bound ({@code Object} when unbounded); other types unchanged. */
  TypeMirror upperBound(TypeMirror type) {
    if (type.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) type).getExtendsBound();
      return bound != null ? bound : elements.getTypeElement("java.lang.Object").asType();
    }
    return type;
  }
}
