package dev.cachet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * The immutable model of one decorated interface: everything the generators need, nothing they
 * must look up.
 *
 * @param origin the interface, carried only as the generated files' originating element
 * @param interfaceName the interface's class name, for javadoc
 * @param interfaceType the interface with its type variables ({@code Repo<T>})
 * @param regions every region used, sorted and distinct
 * @param keysMethods one per namespace used by a {@code @Cached} method
 */
record CachedInterface(
    TypeElement origin,
    ClassName interfaceName,
    TypeName interfaceType,
    List<TypeVariableName> typeVariables,
    ClassName decoratorName,
    ClassName keysName,
    List<String> regions,
    List<KeysMethod> keysMethods,
    List<DecoratedMethod> methods) {
  CachedInterface {
    typeVariables = List.copyOf(typeVariables);
    regions = List.copyOf(regions);
    keysMethods = List.copyOf(keysMethods);
    methods = List.copyOf(methods);
  }
}
