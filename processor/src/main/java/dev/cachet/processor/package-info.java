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
 *                 (KeyTypes: key shapes, StorableTypes: fields holding OS resources, Names: camel case, "did you mean",
 *                  Message: all wording with its stable id; Annotations reads the mirrors;
 *                  repeated @Invalidates are located through the tree API)
 *     |  any error -> reported, this interface generates nothing; the others go on
 *     v
 *   2. model      ModelBuilder -> CachedInterface    immutable: JavaPoet type names, key shapes,
 *                 every generated name (DecoratedMethod, MethodSignature, KeysMethod, KeyParameter,
 *                 KeyShape); ReturnTypes: what a return type stores; ShapeFingerprint: SHA-256 of
 *                 the cached type's graph; AllowedClasses: the classes of the cached types' graphs,
 *                 which the decorator's constructor passes to Cachet.allow / allowByName
 *     v
 *   3. generate   KeysGenerator, DecoratorGenerator -> GeneratedFiles (one originating element,
 *                 {@code @Generated} without a date, {@code skipJavaLangImports});
 *                 ManifestGenerator -> META-INF/cachet/<interface>.properties in the class output
 *                 (namespaces, key parameters, fingerprints, regions; read by cachet-cli)
 * </pre>
 *
 * <p>One walk over object graphs, shared by every stage, so they agree on what a type reaches:
 *
 * <pre>
 *   TypeGraph.walk(type) -> Walk: root Node (arrays, wildcards, variables and their bounds,
 *     intersections, declared types with their arguments) + the ClassNodes reached (each class
 *     of ours once: bounded type parameters, superclass, enum constants, stored fields)
 *     + the unresolved types met; kept per interface, so checks and model share each walk
 *       |-> UnresolvedTypes   the unresolved types met
 *       |-> StorableTypes     a resource type on the way, with its field path
 *       |-> ShapeFingerprint  the description of the root Node, each ClassNode once
 *       '-> AllowedClasses    every ClassNode
 * </pre>
 *
 * <p>Generators never validate and never read {@code Element}s: everything they need is in the
 * model. A processor bug (an unexpected exception) is reported as an error on the interface being
 * processed, with its stack trace, instead of crashing javac.
 */
package dev.cachet.processor;
