package dev.cachet.processor;

import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;

/**
 * An interface method as the decorator overrides it, with every type resolved against the
 * decorated interface (an inherited {@code T find()} of {@code Repo<T>} is {@code User find()} in
 * {@code UserRepo extends Repo<User>}).
 *
 * @param deprecated whether the interface method is deprecated: the override is too, so calling
 *     the delegate's deprecated method gives no warning
 * @param genericVarargs whether the varargs element type is not reifiable ({@code List<String>...}):
 *     javac warns about possible heap pollution at every declaration, so the override suppresses it
 *     as the interface had to
 */
record MethodSignature(
    String name,
    List<TypeVariableName> typeVariables,
    TypeName returnType,
    List<Parameter> parameters,
    boolean varargs,
    List<TypeName> exceptions,
    boolean deprecated,
    boolean genericVarargs) {
  MethodSignature {
    typeVariables = List.copyOf(typeVariables);
    parameters = List.copyOf(parameters);
    exceptions = List.copyOf(exceptions);
  }

  /** One parameter. */
  record Parameter(String name, TypeName type) {}

  boolean returnsVoid() {
    return returnType.equals(TypeName.VOID);
  }

  List<String> parameterNames() {
    return parameters.stream().map(Parameter::name).toList();
  }
}
