package dev.cachet.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** Stage 3: writes {@code <Interface>Keys}, one static key method per namespace. */
final class KeysGenerator {
  static final ClassName CACHE_KEY = ClassName.get("dev.cachet.runtime", "CacheKey");
  static final ClassName KEY_BUILDER = ClassName.get("dev.cachet.runtime.internal", "KeyBuilder");

  private final GeneratedFiles files;

  KeysGenerator(GeneratedFiles files) {
    this.files = files;
  }

  TypeSpec generate(CachedInterface model) {
    TypeSpec.Builder keys =
        files
            .classBuilder(model.keysName(), model, "Key builders")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (KeysMethod method : model.keysMethods()) {
      keys.addMethod(keysMethod(method));
    }
    return keys.build();
  }

  private static MethodSpec keysMethod(KeysMethod method) {
    LocalNames names = new LocalNames();
    MethodSpec.Builder builder =
        MethodSpec.methodBuilder(method.methodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(CACHE_KEY)
            .addJavadoc("The key of namespace {@code $L}.\n", method.namespace())
            .varargs(method.varargs());
    if (method.genericVarargs()) {
      // Not @SafeVarargs: the array is handed to KeyBuilder.beginList, which javac cannot prove safe.
      builder.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    for (KeyParameter parameter : method.parameters()) {
      names.reserve(parameter.name());
      builder.addParameter(parameter.type(), parameter.name());
    }
    if (method.scalarsOnly()) {
      return builder.addCode(concatenatedKey(method)).build();
    }
    String key = names.allocate("key");
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement(
        "$T $N = $T.of($S, $S)", KEY_BUILDER, key, KEY_BUILDER, method.namespace(),
        method.fingerprint());
    for (KeyParameter parameter : method.parameters()) {
      emit(body, parameter.shape(), parameter.name(), key, names);
    }
    body.addStatement("return $N.build()", key);
    return builder.addCode(body.build()).build();
  }

  /**
   * A key of scalars only, as one string concatenation: no builder, and a safe string argument is
   * not even copied. The text is exactly what the builder would write (see {@code KeyBuilder}).
   */
  private static CodeBlock concatenatedKey(KeysMethod method) {
    String prefix = method.namespace() + "/" + method.fingerprint();
    CodeBlock.Builder encoded = CodeBlock.builder();
    List<KeyParameter> parameters = method.parameters();
    encoded.add("$S", parameters.isEmpty() ? prefix : prefix + ":");
    for (int i = 0; i < parameters.size(); i++) {
      if (i > 0) {
        encoded.add("$W+ ':'");
      }
      encoded.add("$W+ ").add(scalarText(parameters.get(i)));
    }
    return CodeBlock.builder()
        .addStatement("return $T.key($S, $L)", KEY_BUILDER, method.namespace(), encoded.build())
        .build();
  }

  /**
   * A scalar's text: integral, floating and boolean primitives as Java's string conversion writes
   * them (exactly as {@code StringBuilder.append} does, never needing an escape); everything else
   * through the {@code KeyBuilder.text} overload javac picks, as it picks {@code add}'s.
   */
  private static CodeBlock scalarText(KeyParameter parameter) {
    TypeName type = parameter.type();
    if (type.isPrimitive() && !type.equals(TypeName.CHAR)) {
      return CodeBlock.of("$N", parameter.name());
    }
    return CodeBlock.of("$T.text($N)", KEY_BUILDER, parameter.name());
  }

  /** Writes the value of {@code expression}, of shape {@code shape}, to the builder {@code key}. */
  private static void emit(
      CodeBlock.Builder body, KeyShape shape, String expression, String key, LocalNames names) {
    if (shape instanceof KeyShape.Scalar) {
      body.addStatement("$N.add($L)", key, expression);
    } else if (shape instanceof KeyShape.Sequence sequence) {
      String element = names.allocate("element");
      body.beginControlFlow(
          "if ($N.$L($L))", key, sequence.set() ? "beginSet" : "beginList", expression);
      body.beginControlFlow("for ($T $N : $L)", sequence.elementType(), element, expression);
      emit(body, sequence.element(), element, key, names);
      body.endControlFlow();
      body.addStatement("$N.$L()", key, sequence.set() ? "endSet" : "endList");
      body.endControlFlow();
    } else if (shape instanceof KeyShape.OptionalValue optional) {
      body.beginControlFlow("if ($N.beginOptional($L))", key, expression);
      emit(body, optional.element(), expression + ".get()", key, names);
      body.addStatement("$N.endOptional()", key);
      body.endControlFlow();
    } else if (shape instanceof KeyShape.RecordValue record) {
      body.beginControlFlow("if ($N.beginRecord($L))", key, expression);
      for (KeyShape.Component component : record.components()) {
        emit(body, component.shape(), expression + "." + component.accessor() + "()", key, names);
      }
      body.addStatement("$N.endRecord()", key);
      body.endControlFlow();
    }
  }

  /** Local variable names that never collide with a parameter or each other. */
  static final class LocalNames {
    private final Set<String> used = new HashSet<>();

    void reserve(String name) {
      used.add(name);
    }

    String allocate(String base) {
      String name = base;
      for (int i = 2; used.contains(name); i++) {
        name = base + i;
      }
      used.add(name);
      return name;
    }
  }
}
