package dev.rampart.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the project's README compiles as printed against the test class
 * path of this module (which sees every library module). A block that declares a type is compiled
 * as a file; any other block is the body of a method, after its own imports.
 */
class ReadmeSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern TYPE =
      Pattern.compile("(?m)^(public\\s+)?(final\\s+)?(class|record|interface|enum)\\s");

  @TempDir Path temp;

  /** The README of the project: the parent of this module's directory. */
  private static String readme() throws IOException {
    return Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"), UTF_8);
  }

  /** The {@code ```java} blocks of {@code markdown}. */
  static List<String> snippets(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A compilation unit for snippet {@code index}: as printed, or its statements in a method. */
  static String unit(int index, String snippet) {
    if (TYPE.matcher(snippet).find()) {
      return snippet;
    }
    String imports =
        snippet.lines().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
    String body =
        snippet.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
    return imports
        + "\n\nclass Snippet"
        + index
        + " {\n  void run() throws Exception {\n"
        + body
        + "\n  }\n}\n";
  }

  @Test
  void theReadmeHasJavaSnippets() throws IOException {
    assertThat(snippets(readme())).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void wrapsStatementsInAMethodAfterTheirImports() {
    assertThat(unit(2, "import java.util.List;\nList<String> l = List.of();\n"))
        .isEqualTo(
            "import java.util.List;\n\nclass Snippet2 {\n  void run() throws Exception {\n"
                + "List<String> l = List.of();\n  }\n}\n");
  }

  @Test
  void everyJavaSnippetInTheReadmeCompilesAsPrinted() throws IOException {
    List<String> snippets = snippets(readme());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    for (int i = 0; i < snippets.size(); i++) {
      String unit = unit(i + 1, snippets.get(i));
      Path dir = Files.createDirectories(temp.resolve("snippet" + (i + 1)));
      Matcher type =
          Pattern.compile(
                  "(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)")
              .matcher(unit);
      String name = type.find() ? type.group(1) : "Snippet" + (i + 1);
      Path source = Files.writeString(dir.resolve(name + ".java"), unit, UTF_8);
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
        boolean ok =
            javac
                .getTask(
                    null,
                    files,
                    diagnostics,
                    List.of(
                        "-proc:none",
                        "-d",
                        dir.toString(),
                        "-cp",
                        System.getProperty("java.class.path")),
                    null,
                    files.getJavaFileObjects(source))
                .call();
        String errors =
            diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        assertThat(ok).as("README java snippet %s:\n%s\n%s", i + 1, unit, errors).isTrue();
      }
    }
  }
}
