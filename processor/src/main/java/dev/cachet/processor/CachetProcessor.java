package dev.cachet.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import dev.cachet.processor.InterfaceMethods.InterfaceMethod;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates {@code Caching<Interface>} and {@code <Interface>Keys} for every interface that
 * declares a {@code @Cached} or {@code @Invalidates} method; see the package documentation for the
 * stages. Claims no annotation ({@code process} returns false), so other processors still see them.
 */
@AutoService(Processor.class)
public final class CachetProcessor extends AbstractProcessor {
  private Elements elements;
  private Types types;
  private Messager messager;
  private Validator validator;
  private ModelBuilder modelBuilder;
  private KeysGenerator keysGenerator;
  private DecoratorGenerator decoratorGenerator;
  private ManifestGenerator manifestGenerator;
  private GeneratedFiles files;
  private UnresolvedTypes unresolvedTypes;
  private TypeGraph typeGraph;

  /** Interfaces waiting for a type another processor has not generated yet, by name. */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Diagnostics already printed: a supertype checked with each subtype reports once. */
  private final Set<String> reported = new HashSet<>();

  /** Runs before each interface is processed; tests use it to play a processor bug. */
  private final Consumer<TypeElement> beforeInterface;

  /** Creates the processor; javac calls {@link #init} before any round. */
  public CachetProcessor() {
    this(iface -> {});
  }

  CachetProcessor(Consumer<TypeElement> beforeInterface) {
    this.beforeInterface = beforeInterface;
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    elements = processingEnv.getElementUtils();
    types = processingEnv.getTypeUtils();
    messager = processingEnv.getMessager();
    typeGraph = new TypeGraph(elements, types);
    validator = new Validator(elements, types, typeGraph);
    modelBuilder = new ModelBuilder(elements, types, typeGraph);
    files =
        new GeneratedFiles(
            processingEnv.getFiler(),
            elements.getTypeElement("javax.annotation.processing.Generated") != null);
    keysGenerator = new KeysGenerator(files);
    decoratorGenerator = new DecoratorGenerator(files);
    manifestGenerator = new ManifestGenerator();
    unresolvedTypes = new UnresolvedTypes(typeGraph);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Annotations.CACHED, Annotations.INVALIDATES, Annotations.INVALIDATES_LIST);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Map<String, TypeElement> interfaces = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        interfaces.put(name, type);
      }
    }
    deferred.clear();
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element.getKind() != ElementKind.METHOD) {
          continue;
        }
        TypeElement owner = (TypeElement) element.getEnclosingElement();
        if (owner.getKind() == ElementKind.INTERFACE) {
          interfaces.putIfAbsent(owner.getQualifiedName().toString(), owner);
        } else {
          reportClassMethod((ExecutableElement) element, owner, annotation);
        }
      }
    }
    for (TypeElement iface : interfaces.values()) {
      process(iface, round.processingOver());
    }
    return false;
  }

  private void process(TypeElement iface, boolean lastRound) {
    try {
      beforeInterface.accept(iface);
      typeGraph.forget();
      List<InterfaceMethod> methods = InterfaceMethods.of(iface, types);
      String unresolved = unresolvedTypes.find(iface, methods);
      if (unresolved != null) {
        if (lastRound) {
          report(
              iface, null, null, Message.UNRESOLVED_TYPE.format(iface.getQualifiedName(), unresolved));
        } else {
          deferred.add(iface.getQualifiedName().toString());
        }
        return;
      }
      ValidationReport report = validator.validate(iface, methods);
      for (ValidationReport.Problem problem : report.problems()) {
        if (problem.repeatedIndex() < 0 || !reportInSource(problem)) {
          report(problem.element(), problem.annotation(), problem.value(), problem.message());
        }
      }
      if (!report.isClean()) {
        return;
      }
      CachedInterface model = modelBuilder.build(iface, methods);
      TypeSpec keys = keysGenerator.generate(model);
      TypeSpec decorator = decoratorGenerator.generate(model);
      write(iface, model.keysName(), keys);
      write(iface, model.decoratorName(), decorator);
      writeManifest(iface, model);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError bug) {
      StringWriter trace = new StringWriter();
      bug.printStackTrace(new PrintWriter(trace));
      report(
          iface, null, null, Message.PROCESSOR_BUG.format(iface.getQualifiedName(), trace));
    }
  }

  private void write(TypeElement iface, ClassName name, TypeSpec type) {
    try {
      files.write(name, type);
    } catch (IOException e) {
      report(iface, null, null, Message.WRITE_FAILED.format(name, iface.getQualifiedName(), e));
    }
  }

  /** One resource per interface, originating from it alone, so the processor stays isolating. */
  private void writeManifest(TypeElement iface, CachedInterface model) {
    String path = ManifestGenerator.path(model);
    try {
      FileObject file =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path, iface);
      try (Writer writer = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
        writer.write(manifestGenerator.generate(model));
      }
    } catch (IOException e) {
      report(iface, null, null, Message.WRITE_FAILED.format(path, iface.getQualifiedName(), e));
    }
  }

  /**
   * Reports on the {@code repeatedIndex}-th repeated {@code @Invalidates} of a method through the
   * compiler's tree API, since javac cannot place a synthesized container's mirror. Returns false
   * when the tree is not available (another compiler, a class file), so the caller falls back to
   * the method.
   */
  private boolean reportInSource(ValidationReport.Problem problem) {
    try {
      Trees trees = Trees.instance(processingEnv);
      TreePath path = trees.getPath(problem.element());
      if (path == null || !(path.getLeaf() instanceof MethodTree method)) {
        return false;
      }
      int index = 0;
      for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
        String type = annotation.getAnnotationType().toString();
        if (!type.equals("Invalidates") && !type.equals(Annotations.INVALIDATES)) {
          continue;
        }
        if (index++ != problem.repeatedIndex()) {
          continue;
        }
        Tree target = annotation;
        for (ExpressionTree argument : annotation.getArguments()) {
          if (argument instanceof AssignmentTree assignment
              && assignment.getVariable().toString().equals(problem.attribute())) {
            target = assignment.getExpression();
          }
        }
        if (!reported.add(problem.element() + "\n" + target + "\n" + problem.message())) {
          return true;
        }
        trees.printMessage(
            Diagnostic.Kind.ERROR, problem.message(), target, path.getCompilationUnit());
        return true;
      }
      return false;
    } catch (IllegalArgumentException notJavac) {
      return false;
    }
  }

  /** An annotated method of a class: the annotation belongs on the interface it implements. */
  private void reportClassMethod(
      ExecutableElement method, TypeElement owner, TypeElement annotation) {
    AnnotationMirror mirror =
        Annotations.find(method, annotation.getQualifiedName().toString());
    String annotationName =
        annotation.getQualifiedName().contentEquals(Annotations.INVALIDATES_LIST)
            ? "Invalidates"
            : annotation.getSimpleName().toString();
    report(
        method,
        mirror,
        null,
        Message.NOT_ON_INTERFACE.format(
            annotationName,
            owner.getSimpleName(),
            method.getSimpleName(),
            describeKind(owner.getKind())));
  }

  private static String describeKind(ElementKind kind) {
    switch (kind) {
      case ENUM:
        return "an enum";
      case ANNOTATION_TYPE:
        return "an annotation type";
      case RECORD:
        return "a record";
      default:
        return "a class";
    }
  }

  private void report(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      String message) {
    if (!reported.add(element + "\n" + element.getEnclosingElement() + "\n" + message)) {
      return;
    }
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
  }
}
