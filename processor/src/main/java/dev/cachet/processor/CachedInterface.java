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
 * @param shadowingNames simple names that would shadow an import inside the decorator: types
 *     nested in the interface and its supertypes (inherited member types) and type variables
 * @param deprecated whether the interface is deprecated: so are the generated classes
 * @param allowedClasses the classes reachable from the cached types, which the decorator's
 *     constructor adds to the runtime's deserialization allowlist (sorted by binary name)
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
    List<DecoratedMethod> methods,
    List<String> shadowingNames,
    boolean deprecated,
    List<AllowedClasses.Allowed> allowedClasses) {
  CachedInterface {
    allowedClasses = List.copyOf(allowedClasses);
    shadowingNames = List.copyOf(shadowingNames);
    typeVariables = List.copyOf(typeVariables);
    regions = List.copyOf(regions);
    keysMethods = List.copyOf(keysMethods);
    methods = List.copyOf(methods);
  }
}
