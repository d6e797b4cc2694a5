package dev.cachet.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cachet.processor.DecoratedMethod.Caching;
import dev.cachet.processor.DecoratedMethod.Delegating;
import dev.cachet.processor.DecoratedMethod.Invalidating;
import dev.cachet.processor.DecoratedMethod.Invalidation;
import dev.cachet.processor.DecoratedMethod.ReturnKind;
import dev.cachet.processor.KeysGenerator.LocalNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;

/**
 * Stage 3: writes {@code Caching<Interface>}. Every cached method follows the pattern documented
 * on {@code CachedOperation}: build the key, look it up, on a hit return without allocating, on a
 * miss call the delegate once with abandon-and-rethrow around it, then store.
 */
final class DecoratorGenerator {
  private static final ClassName CACHET = ClassName.get("dev.cachet.runtime", "Cachet");
  private static final ClassName CACHED_OPERATION =
      ClassName.get("dev.cachet.runtime.internal", "CachedOperation");
  private static final ClassName LOAD = ClassName.get("dev.cachet.runtime.internal", "Load");

  private final GeneratedFiles files;

  DecoratorGenerator(GeneratedFiles files) {
    this.files = files;
  }

  TypeSpec generate(CachedInterface model) {
    TypeSpec.Builder decorator =
        files
            .classBuilder(model.decoratorName(), model, "Caching decorator")
            .alwaysQualify(model.shadowingNames().toArray(new String[0]))
            .addTypeVariables(model.typeVariables())
            .addSuperinterface(model.interfaceType())
            .addField(model.interfaceType(), "delegate", Modifier.PRIVATE, Modifier.FINAL)
            .addField(CACHET, "cachet", Modifier.PRIVATE, Modifier.FINAL);
    for (DecoratedMethod method : model.methods()) {
      if (method instanceof Caching caching) {
        decorator.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(CACHED_OPERATION, operationType(caching)),
                    caching.operationField(),
                    Modifier.PRIVATE,
                    Modifier.FINAL)
                .build());
      }
    }
    decorator.addMethod(constructor(model));
    for (DecoratedMethod method : model.methods()) {
      decorator.addMethod(method(model, method));
    }
    return decorator.build();
  }

  private static TypeName operationType(Caching caching) {
    return caching.erasedOperation() ? ClassName.OBJECT : caching.cachedType();
  }

  private static MethodSpec constructor(CachedInterface model) {
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "Decorates {@code delegate} with the caches of {@code cachet}, and lets"
                    + " {@code cachet} read the classes its cached types are made of.\n\n"
                    + "@throws IllegalArgumentException naming every region used here that"
                    + " {@code cachet} does not define\n")
            .addParameter(model.interfaceType(), "delegate")
            .addParameter(CACHET, "cachet")
            .addStatement(
                "this.delegate = $T.requireNonNull(delegate, $S)", Objects.class, "delegate")
            .addStatement("this.cachet = $T.requireNonNull(cachet, $S)", Objects.class, "cachet");
    if (!model.regions().isEmpty()) {
      constructor.addStatement(
          "$T.requireRegions(cachet, $S, $L)",
          CACHED_OPERATION,
          model.decoratorName().simpleName(),
          model.regions().stream()
              .map(region -> CodeBlock.of("$S", region))
              .collect(CodeBlock.joining(", ")));
    }
    List<CodeBlock> byClass = new ArrayList<>();
    List<CodeBlock> byName = new ArrayList<>();
    for (AllowedClasses.Allowed allowed : model.allowedClasses()) {
      if (allowed.className() != null) {
        byClass.add(CodeBlock.of("$T.class", allowed.className()));
      } else {
        byName.add(CodeBlock.of("$S", allowed.binaryName()));
      }
    }
    if (!byClass.isEmpty()) {
      constructor.addStatement(
          "$T.allow(cachet, $T.class, $L)",
          CACHED_OPERATION,
          model.decoratorName(), CodeBlock.join(byClass, ", "));
    }
    if (!byName.isEmpty()) {
      // Not accessible (or deprecated) here: resolved by name with this class's loader.
      constructor.addStatement(
          "$T.allowByName(cachet, $T.class, $L)",
          CACHED_OPERATION,
          model.decoratorName(), CodeBlock.join(byName, ", "));
    }
    for (DecoratedMethod method : model.methods()) {
      if (method instanceof Caching caching) {
        constructor.addStatement(
            "this.$N = $T.create(cachet, $S, $S, $T.class, $L)",
            caching.operationField(),
            CACHED_OPERATION,
            caching.namespace(),
            caching.region(),
            caching.cachedClass(),
            caching.cacheNulls());
      }
    }
    return constructor.build();
  }

  private static MethodSpec method(CachedInterface model, DecoratedMethod method) {
    MethodSignature signature = method.signature();
    MethodSpec.Builder builder =
        MethodSpec.methodBuilder(signature.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addTypeVariables(signature.typeVariables())
            .returns(signature.returnType())
            .addExceptions(signature.exceptions());
    if (signature.deprecated()) {
      builder.addAnnotation(Deprecated.class);
    }
    if (signature.genericVarargs()) {
      builder.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    LocalNames names = new LocalNames();
    for (MethodSignature.Parameter parameter : signature.parameters()) {
      builder.addParameter(parameter.type(), parameter.name());
      names.reserve(parameter.name());
    }
    // Locals must not shadow the fields the body reads either (a method named value or load).
    names.reserve("delegate");
    names.reserve("cachet");
    if (method instanceof Caching caching) {
      names.reserve(caching.operationField());
    }
    builder.varargs(signature.varargs());
    Fields fields = new Fields(signature.parameterNames());
    CodeBlock call =
        CodeBlock.of(
            "$L.$N($L)",
            fields.ref("delegate"),
            signature.name(),
            String.join(", ", signature.parameterNames()));
    if (method instanceof Caching caching) {
      builder.addCode(cachingBody(model, caching, call, fields, names));
    } else if (method instanceof Invalidating invalidating) {
      builder.addCode(invalidatingBody(model, invalidating, call, fields, names));
    } else if (method instanceof Delegating) {
      builder.addStatement(signature.returnsVoid() ? "$L" : "return $L", call);
    }
    return builder.build();
  }

  private static CodeBlock cachingBody(
      CachedInterface model, Caching caching, CodeBlock call, Fields fields, LocalNames names) {
    String key = names.allocate("key");
    String found = names.allocate("found");
    String load = names.allocate("load");
    String value = names.allocate("value");
    String failure = names.allocate("failure");
    String operation = fields.ref(caching.operationField());
    CodeBlock.Builder body = CodeBlock.builder();
    CodeBlock keyCall =
        CodeBlock.of(
            "$T.$N($L)",
            model.keysName(),
            caching.keysMethod(),
            String.join(", ", caching.keyArguments()));
    if (caching.nearByArguments()) {
      // The near cache first, by the arguments themselves: a hit builds no key at all.
      String arguments;
      if (caching.keyArguments().size() <= 3) {
        arguments = String.join(", ", caching.keyArguments());
      } else {
        arguments = names.allocate("arguments");
        body.addStatement(
            "Object[] $N = {$L}", arguments, String.join(", ", caching.keyArguments()));
      }
      body.addStatement("Object $N = $L.near($L)", found, operation, arguments);
      body.beginControlFlow("if ($N == $T.NOT_NEAR)", found, CACHED_OPERATION);
      body.addStatement("$N = $L.get($L, $L)", found, operation, keyCall, arguments);
      body.endControlFlow();
    } else {
      body.addStatement("$T $N = $L", KeysGenerator.CACHE_KEY, key, keyCall);
      body.addStatement("Object $N = $L.get($N)", found, operation, key);
    }
    body.beginControlFlow("if (!($N instanceof $T $N))", found, LOAD, load);
    CodeBlock hit = CodeBlock.of("$L.hit($N)", operation, found);
    if (caching.erasedOperation()) {
      // A method type variable cannot type the field; the stored value was put by this method.
      String cached = names.allocate("cached");
      body.addStatement(
          "@$T($S) $T $N = ($T) $L",
          SuppressWarnings.class,
          "unchecked",
          caching.cachedType(),
          cached,
          caching.cachedType(),
          hit);
      hit = CodeBlock.of("$N", cached);
    }
    switch (caching.returnKind()) {
      case OPTIONAL:
        body.addStatement("return $T.ofNullable($L)", Optional.class, hit);
        break;
      case COMPLETABLE_FUTURE:
      case COMPLETION_STAGE:
        body.addStatement("return $T.completedFuture($L)", CompletableFuture.class, hit);
        break;
      default:
        body.addStatement("return $L", hit);
    }
    body.endControlFlow();
    body.addStatement("$T $N", caching.signature().returnType(), value);
    body.beginControlFlow("try");
    body.addStatement("$N = $L", value, call);
    body.nextControlFlow("catch ($T $N)", Throwable.class, failure);
    body.addStatement("$N.abandon()", load);
    body.addStatement("throw $N", failure);
    body.endControlFlow();
    if (caching.returnKind() == ReturnKind.OPTIONAL) {
      body.beginControlFlow("if ($N == null)", value);
      body.addStatement("$N.abandon()", load);
      body.addStatement("return null");
      body.endControlFlow();
      body.addStatement("$L.put($N, $N.orElse(null))", operation, load, value);
      body.addStatement("return $N", value);
    } else if (caching.returnKind() == ReturnKind.PLAIN) {
      body.addStatement("$L.put($N, $N)", operation, load, value);
      body.addStatement("return $N", value);
    } else {
      body.addStatement("return $L.putWhenComplete($N, $N)", operation, load, value);
    }
    return body.build();
  }

  private static CodeBlock invalidatingBody(
      CachedInterface model,
      Invalidating invalidating,
      CodeBlock call,
      Fields fields,
      LocalNames names) {
    CodeBlock.Builder body = CodeBlock.builder();
    boolean returnsValue = !invalidating.signature().returnsVoid();
    String result = null;
    if (returnsValue) {
      result = names.allocate("result");
      body.addStatement("$T $N = $L", invalidating.signature().returnType(), result, call);
    } else {
      body.addStatement("$L", call);
    }
    String cachet = fields.ref("cachet");
    for (Invalidation invalidation : invalidating.invalidations()) {
      if (invalidation.all()) {
        body.addStatement("$L.invalidateAll($S)", cachet, invalidation.namespace());
      } else {
        body.addStatement(
            "$L.invalidate($T.$N($L))",
            cachet,
            model.keysName(),
            invalidation.keysMethod(),
            String.join(", ", invalidation.keyArguments()));
      }
    }
    if (returnsValue) {
      body.addStatement("return $N", result);
    }
    return body.build();
  }

  /** Field references, qualified with {@code this.} only where a parameter shadows the field. */
  private record Fields(List<String> parameterNames) {
    String ref(String field) {
      return parameterNames.contains(field) ? "this." + field : field;
    }
  }
}
