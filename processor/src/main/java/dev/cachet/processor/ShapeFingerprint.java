package dev.cachet.processor;

import dev.cachet.processor.TypeGraph.ArrayOf;
import dev.cachet.processor.TypeGraph.ClassNode;
import dev.cachet.processor.TypeGraph.Declared;
import dev.cachet.processor.TypeGraph.Intersection;
import dev.cachet.processor.TypeGraph.Leaf;
import dev.cachet.processor.TypeGraph.Node;
import dev.cachet.processor.TypeGraph.Unresolved;
import dev.cachet.processor.TypeGraph.Variable;
import dev.cachet.processor.TypeGraph.Wildcard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeMirror;

/**
 * The shape fingerprint of a cached type: the first 8 hex digits of the SHA-256 of a canonical
 * description of its {@link TypeGraph}. A deploy that changes a field, its type, a record component
 * or an enum constant anywhere in the graph changes the fingerprint, so the new code never reads
 * bytes written by the old one. It describes every class of the graph, so it covers every class the
 * {@link AllowedClasses allowlist} admits.
 *
 * <p>The description: platform types ({@code java.*}) by name and type arguments; our types by
 * kind, name, type arguments, type parameters bounded by more than {@code Object}, superclass,
 * enum constants and the fields they declare (name and type, in declaration order); a type
 * variable by name and bound; a class met again is a back reference by its index, so cycles end.
 */
final class ShapeFingerprint {
  private final TypeGraph graph;

  ShapeFingerprint(TypeGraph graph) {
    this.graph = graph;
  }

  String of(TypeMirror cachedType) {
    String description = describe(cachedType);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(description.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(8);
      for (int i = 0; i < 4; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** The canonical description, exposed so tests can see what the digest covers. */
  String describe(TypeMirror cachedType) {
    StringBuilder out = new StringBuilder();
    describe(graph.walk(cachedType).root(), out, new HashMap<>());
    return out.toString();
  }

  private void describe(Node node, StringBuilder out, Map<ClassNode, Integer> seen) {
    if (node instanceof ArrayOf array) {
      describe(array.component(), out, seen);
      out.append("[]");
    } else if (node instanceof Wildcard wildcard) {
      out.append('?');
      if (wildcard.extendsBound() != null) {
        out.append(" extends ");
        describe(wildcard.extendsBound(), out, seen);
      } else if (wildcard.superBound() != null) {
        out.append(" super ");
        describe(wildcard.superBound(), out, seen);
      }
    } else if (node instanceof Intersection intersection) {
      for (int i = 0; i < intersection.bounds().size(); i++) {
        out.append(i > 0 ? " & " : "");
        describe(intersection.bounds().get(i), out, seen);
      }
    } else if (node instanceof Variable variable) {
      out.append(variable.name());
      if (variable.bound() != null) {
        out.append(" extends ");
        describe(variable.bound(), out, seen);
      }
    } else if (node instanceof Declared declared) {
      describeDeclared(declared, out, seen);
    } else if (node instanceof Unresolved) {
      out.append("ERROR");
    } else {
      out.append(((Leaf) node).description());
    }
  }

  private void describeDeclared(Declared type, StringBuilder out, Map<ClassNode, Integer> seen) {
    out.append(type.name());
    describeArguments(type.arguments(), out, seen);
    ClassNode expansion = type.expansion();
    if (expansion == null) {
      return;
    }
    Integer reference = seen.get(expansion);
    if (reference != null) {
      out.append("@").append(reference);
      return;
    }
    seen.put(expansion, seen.size());
    out.append(' ').append(expansion.element.getKind()).append('{');
    if (!expansion.boundedParameters.isEmpty()) {
      describeArguments(expansion.boundedParameters, out, seen);
      out.append(';');
    }
    if (expansion.superclass != null) {
      out.append("extends ");
      describe(expansion.superclass, out, seen);
      out.append(';');
    }
    if (expansion.element.getKind() == ElementKind.ENUM) {
      for (String constant : expansion.enumConstants) {
        out.append(constant).append(',');
      }
      out.append(';');
    }
    for (TypeGraph.Field field : expansion.ownFields()) {
      out.append(field.name()).append(':');
      describe(field.type(), out, seen);
      out.append(';');
    }
    out.append('}');
  }

  private void describeArguments(
      List<Node> arguments, StringBuilder out, Map<ClassNode, Integer> seen) {
    if (arguments.isEmpty()) {
      return;
    }
    out.append('<');
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      describe(arguments.get(i), out, seen);
    }
    out.append('>');
  }
}
