package dev.cachet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The top-level help as a manual page (NAME, SYNOPSIS, DESCRIPTION, COMMANDS, OPTIONS, EXIT
 * STATUS, EXAMPLES), rendered from the commands' and options' annotations, so the manual and the
 * parser cannot disagree. A command's own help ({@code cachet inspect --help}) is picocli's.
 */
final class Manual {
  private static final String INDENT = "    ";
  private static final String TEXT = INDENT + INDENT;
  private static final int WIDTH = 96;

  private Manual() {}

  static void install(CommandLine line) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>();
    sections.put("name", help -> "NAME\n" + INDENT + help.commandSpec().name() + " - "
        + String.join(" ", help.commandSpec().usageMessage().header()) + "\n\n");
    sections.put("synopsis", help -> "SYNOPSIS\n" + INDENT + synopsis(help.commandSpec()) + "\n\n");
    sections.put("description", help -> "DESCRIPTION\n" + lines(INDENT, help.commandSpec().usageMessage().description()) + "\n");
    sections.put("commands", Manual::commands);
    sections.put("options", Manual::options);
    sections.put("exitStatus", help -> "EXIT STATUS\n" + exitStatus(help.commandSpec()) + "\n");
    sections.put("examples", help -> "EXAMPLES\n" + lines(INDENT, help.commandSpec().usageMessage().footer()));
    // On the top command's usage message alone: CommandLine's setters would give the commands
    // this layout too.
    line.getCommandSpec().usageMessage().sectionKeys(new ArrayList<>(sections.keySet()));
    line.getCommandSpec().usageMessage().sectionMap(sections);
  }

  private static String synopsis(CommandSpec spec) {
    StringBuilder out = new StringBuilder("java -jar cachet-cli.jar");
    for (OptionSpec option : spec.options()) {
      if (!option.usageHelp() && !option.hidden()) {
        out.append(" [").append(option.longestName()).append(' ').append(option.paramLabel())
            .append(option.isMultiValue() ? "..." : "").append(']');
      }
    }
    return out.append(" COMMAND [ARGUMENT...]").toString();
  }

  private static String commands(Help help) {
    StringBuilder out = new StringBuilder("COMMANDS\n");
    help.subcommands().forEach((name, sub) -> {
      CommandSpec spec = sub.commandSpec();
      if (spec.usageMessage().hidden()) {
        return;
      }
      out.append(INDENT).append(name).append(parameters(spec)).append('\n');
      out.append(lines(TEXT, spec.usageMessage().description()));
    });
    return out.append('\n').toString();
  }

  /** {@code NAMESPACE [ARGUMENT...]}: required, optional and repeated positional parameters. */
  static String parameters(CommandSpec spec) {
    StringBuilder out = new StringBuilder();
    for (PositionalParamSpec parameter : spec.positionalParameters()) {
      if (parameter.hidden()) {
        continue;
      }
      String label = parameter.paramLabel() + (parameter.arity().max() > 1 ? "..." : "");
      out.append(' ').append(parameter.arity().min() == 0 ? "[" + label + "]" : label);
    }
    return out.toString();
  }

  private static String options(Help help) {
    StringBuilder out = new StringBuilder("OPTIONS\n");
    List<OptionSpec> options = new ArrayList<>(help.commandSpec().options());
    // The help option last, as a manual page has it.
    options.sort((a, b) -> Boolean.compare(a.usageHelp(), b.usageHelp()));
    for (OptionSpec option : options) {
      if (option.hidden()) {
        continue;
      }
      out.append(INDENT).append(String.join(", ", option.names()));
      if (option.typeInfo().isBoolean() && option.arity().max() == 0) {
        out.append('\n');
      } else {
        out.append(' ').append(option.paramLabel()).append(option.isMultiValue() ? "..." : "").append('\n');
      }
      out.append(wrapped(TEXT, String.join(" ", option.description())));
    }
    return out.append('\n').toString();
  }

  private static String exitStatus(CommandSpec spec) {
    StringBuilder out = new StringBuilder();
    spec.usageMessage().exitCodeList().forEach(
        (code, meaning) -> out.append(INDENT).append(code.trim()).append("  ").append(meaning).append('\n'));
    return out.toString();
  }

  /** {@code text} in lines of at most {@value #WIDTH} columns. */
  private static String wrapped(String indent, String text) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line.setLength(0);
        line.append(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append('\n').toString();
  }

  private static String lines(String indent, String[] lines) {
    StringBuilder out = new StringBuilder();
    for (String paragraph : lines) {
      // picocli's own commands write line breaks as %n.
      for (String line : paragraph.replace("%n", "\n").split("\n")) {
        if (!line.isBlank()) {
          out.append(indent).append(line.strip()).append('\n');
        }
      }
    }
    return out.toString();
  }
}
