package dev.cachet.cli;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.spi.TransportException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code cachet}: see what a Cachet cache holds in memcached or Redis, and drop entries. The command line
 * is picocli's: this class holds the options every command shares and runs one command, each a
 * class of its own ({@link StatsCommand}, {@link ItemsCommand}, {@link InspectCommand}, {@link
 * InvalidateCommand}, {@link InvalidateAllCommand}, {@link KeyCommand}); {@link Manual} renders
 * the help from their annotations. Run {@code java -jar cli/target/cachet-cli.jar --help}.
 */
@Command(
    name = "cachet",
    header = "see what a Cachet cache holds in memcached or Redis, and drop entries",
    description = {
      "Cachet stores each @Cached result under a key such as image_list/5c9f3fef:alice:eu-west-1",
      "(namespace, a fingerprint of the cached type's shape, the key arguments). Each server",
      "also keeps its own copy of each namespace's generation (image_list/gen@10.0.0.1:11211),",
      "which governs the entries on that server and which invalidate-all replaces everywhere.",
      "While a miss computes, its entry key holds a 26-byte placeholder (its lease). This tool",
      "reads those items back from the servers and explains them."
    },
    subcommands = {
      StatsCommand.class,
      ItemsCommand.class,
      InspectCommand.class,
      InvalidateCommand.class,
      InvalidateAllCommand.class,
      KeyCommand.class,
      HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    exitCodeList = {
      "0:done",
      "1:the key or namespace was not found",
      "2:a usage error",
      "3:a server did not answer, or did not acknowledge an invalidation"
    },
    footer = {
      "java -jar cachet-cli.jar --servers 127.0.0.1:11211 stats",
      "java -jar cachet-cli.jar items image_list",
      "java -jar cachet-cli.jar --classpath sample-app/target/classes key image_list alice eu-west-1",
      "java -jar cachet-cli.jar inspect 'image_list/5c9f3fef:alice:eu-west-1'",
      "java -jar cachet-cli.jar invalidate 'image_list/5c9f3fef:alice:eu-west-1'",
      "java -jar cachet-cli.jar invalidate-all image_list",
      "java -jar cachet-cli.jar --redis redis://127.0.0.1:6379 stats",
      "source <(java -jar cachet-cli.jar generate-completion)    # completion in bash and zsh"
    })
public final class CachetCli implements Callable<Integer> {
  static final int OK = 0;
  static final int NOT_FOUND = 1;
  static final int USAGE = 2;
  static final int SERVER_FAULT = 3;

  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.\\-\\[\\]]+:[0-9]{1,5}");
  private static final String DEFAULT_SERVERS = "127.0.0.1:11211";

  @Spec CommandSpec spec;

  // Options of scope INHERIT are accepted before or after the command; either way they set these.
  @Option(
      names = "--servers",
      paramLabel = "HOST:PORT",
      arity = "1..*",
      scope = ScopeType.INHERIT,
      parameterConsumer = ServersConsumer.class,
      description =
          "The memcached pool, as the application configures it (cachet.servers): servers"
              + " separated by spaces or commas, or the option repeated. Default: $CACHET_SERVERS,"
              + " else " + DEFAULT_SERVERS + ".")
  final List<String> servers = new ArrayList<>();

  @Option(
      names = "--redis",
      paramLabel = "URI",
      scope = ScopeType.INHERIT,
      description =
          "A Redis server instead, as the application configures it (cachet.redis):"
              + " redis://[user:password@]host:port. Default: $CACHET_REDIS when --servers is not given.")
  String redis;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description =
          "The application's jars and class directories, separated by ':' (';' on Windows): its"
              + " manifests (META-INF/cachet/*.properties) and its generated keys classes.")
  String classpath;

  private Duration timeout = Duration.ofSeconds(1);

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "This text; after a command (inspect --help), that command's.")
  boolean help;

  PrintStream out;
  PrintStream err;

  /** Made by {@link #run}, which gives it its streams. */
  CachetCli() {}

  @Option(
      names = "--timeout",
      paramLabel = "MILLIS",
      scope = ScopeType.INHERIT,
      description = "How long to wait for a server, per operation. Default 1000.")
  void timeout(String millis) {
    long value;
    try {
      value = Long.parseLong(millis);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--timeout takes milliseconds, not " + millis);
    }
    if (value <= 0) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
    timeout = Duration.ofMillis(value);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs one command; the exit status is returned, never {@code System.exit}ed, so tests can call it.
   *
   * @param environment where {@code CACHET_SERVERS} is looked up
   */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    CachetCli cli = new CachetCli();
    cli.out = out;
    cli.err = err;
    CommandLine line = commandLine(cli);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionStrategy(
        parsed -> {
          if (cli.redis != null && !cli.servers.isEmpty()) {
            err.println("cachet: give --servers or --redis, not both");
            return USAGE;
          }
          if (cli.redis == null && cli.servers.isEmpty()) {
            String redis = environment.get("CACHET_REDIS");
            if (redis != null && !redis.isBlank()) {
              cli.redis = redis.trim();
            } else {
              cli.servers.addAll(splitServers(environment.getOrDefault("CACHET_SERVERS", DEFAULT_SERVERS)));
            }
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    line.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println("cachet: " + usageMessage(e));
          err.println("Try: java -jar cachet-cli.jar --help");
          return USAGE;
        });
    line.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof UsageException) {
            err.println("cachet: " + e.getMessage());
            err.println("Try: java -jar cachet-cli.jar " + command.getCommandName() + " --help");
            return USAGE;
          }
          if (e instanceof TransportException || e instanceof UncheckedIOException) {
            err.println("cachet: " + e.getMessage());
            return SERVER_FAULT;
          }
          throw e;
        });
    int status = line.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /** The command line of {@code cli}: its manual, and the completion script generator, hidden. */
  static CommandLine commandLine(CachetCli cli) {
    CommandLine line = new CommandLine(cli);
    line.setUsageHelpWidth(100);
    // Every command inherits the store options: spelled out, they would wrap each synopsis.
    line.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().abbreviateSynopsis(true));
    Manual.install(line);
    line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    return line;
  }

  /** No command: the manual, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out, CommandLine.Help.Ansi.OFF);
    return USAGE;
  }

  Duration timeout() {
    return timeout;
  }

  /** The store the options name, connected: the memcached pool, or the Redis server. */
  Pool pool() {
    return redis != null ? Pool.redis(redis, timeout) : Pool.connect(servers, timeout);
  }

  /** A usage error for a command that reads memcached's own protocol, when the store is Redis. */
  void requireMemcached(String command, String instead) {
    if (redis != null) {
      throw new UsageException(command + " reads memcached's own protocol; on Redis, " + instead);
    }
  }

  /** {@code name}, when it is a namespace ({@link CacheKey#requireNamespace}); else a usage error. */
  static String namespace(String name) {
    try {
      return CacheKey.requireNamespace(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String usageMessage(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched
        && unmatched.getCommandLine().getParent() == null
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      List<String> commands = new ArrayList<>();
      unmatched.getCommandLine().getSubcommands().forEach((name, sub) -> {
        if (!sub.getCommandSpec().usageMessage().hidden()) {
          commands.add(name);
        }
      });
      return "unknown command " + unmatched.getUnmatched().get(0) + " (" + String.join(", ", commands) + ")";
    }
    return Objects.requireNonNullElse(e.getMessage(), e.toString());
  }

  static List<String> splitServers(String text) {
    List<String> split = new ArrayList<>();
    for (String server : text.trim().split("[\\s,]+")) {
      if (!server.isEmpty()) {
        split.add(server);
      }
    }
    return split;
  }

  /**
   * {@code --servers} takes every following argument that is a list of {@code HOST:PORT}s, so
   * {@code --servers a:1 b:2 stats} and {@code --servers "a:1,b:2" stats} both name two.
   */
  static final class ServersConsumer implements CommandLine.IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      List<String> servers = argSpec.getValue();
      int taken = 0;
      while (!args.isEmpty()
          && !splitServers(args.peek()).isEmpty()
          && splitServers(args.peek()).stream().allMatch(s -> SERVER.matcher(s).matches())) {
        servers.addAll(splitServers(args.pop()));
        taken++;
      }
      if (taken == 0) {
        throw new ParameterException(
            commandSpec.commandLine(), "--servers needs HOST:PORT (e.g. 127.0.0.1:11211)");
      }
    }
  }

  /** {@code -h}, {@code --help} of each command, mixed in. */
  static final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This command's help.")
    boolean help;
  }

  /** A mistake in a command's arguments: reported with a pointer to its help, exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(Objects.requireNonNull(message));
    }
  }
}
