/**
 * The Cachet annotation processor: turns an interface with {@code @Cached} / {@code @Invalidates}
 * methods into {@code Caching<Interface>} (the decorator), {@code <Interface>Keys} (the key
 * builders) and a small manifest of its namespaces for tools.
 *
 * <p>Three stages, one direction, per interface:
 *
 * <pre>
 *   CachetProcessor.process(round)
 *     collects the interfaces that declare annotated methods (+ those deferred last round)
 *     |  an annotated method of a class  -> error on the method, nothing else
 *     |  InterfaceMethods: every method to implement, resolved against the interface
 *     |  UnresolvedTypes: a type still unresolved (TypeKind.ERROR) in a signature or an object
 *     |  graph -> the interface is deferred to the next round; an error at the last one
 *     v
 *   1. validate   Validator -> ValidationReport      every problem, each on its exact element
 *                 (KeyTypes: key shapes, StorableTypes: check 8, Names: camel case, "did you mean",
 *                  Message: all wording with its stable id; Annotations reads the mirrors;
 *                  repeated @Invalidates are located through the tree API)
 *     |  any error -> reported, this interface generates nothing; the others go on
 *     v
 *   2. model      ModelBuilder -> CachedInterface    immutable: JavaPoet type names, key shapes,
 *                 every generated name (DecoratedMethod, MethodSignature, KeysMethod, KeyParameter,
 *                 KeyShape); ShapeFingerprint: SHA-256 of the cached type's shape (TypeGraph: the
 *                 stored fields; ReturnTypes: what a return type stores); AllowedClasses: the
 *                 classes reachable from the cached types, by the same walk, which the decorator's
 *                 constructor passes to Cachet.allow / allowByName (the deserialization allowlist)
 *     v
 *   3. generate   KeysGenerator, DecoratorGenerator -> GeneratedFiles (one originating element,
 *                 {@code @Generated} without a date, {@code skipJavaLangImports});
 *                 ManifestGenerator -> META-INF/cachet/<interface>.properties in the class output
 *                 (namespaces, key parameters, fingerprints, regions; read by cachet-cli)
 * </pre>
 *
 * <p>Generators never validate and never read {@code Element}s: everything they need is in the
 * model. A processor bug (an unexpected exception) is reported as an error on the interface being
 * processed, with its stack trace, instead of crashing javac.
 */
package dev.cachet.processor;
