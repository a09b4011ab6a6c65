package clnn.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public type and member is documented, and every comment is valid: javadoc with all doclint groups over
 * src/main/java, failing on any warning or error that points into a source file. (The Maven Javadoc build cannot fail
 * on warnings itself: javadoc always warns that {@code jdk.incubator.vector}, which the Vector API backend needs, is
 * an incubating module. That warning names no source file, so this test tells the two apart.)
 */
class JavadocLintTest {
    @TempDir
    Path out;

    @Test
    void everyPublicMemberHasAValidComment() throws IOException {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "this JDK has a javadoc tool");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<File> sources;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // The sources are UTF-8 (µs, box-drawing characters) whatever the machine's locale: a fresh container's
            // POSIX locale would read them as ASCII.
            List<String> options = List.of("-encoding", "UTF-8", "-Xdoclint:all", "-Xmaxwarns", "10000", "-Xmaxerrs", "10000", "-quiet",
                    "--add-modules", "jdk.incubator.vector", "-d", out.toString(),
                    "-cp", System.getProperty("java.class.path"));
            javadoc.getTask(new StringWriter(), files, diagnostics, null, options, files.getJavaFileObjectsFromFiles(sources))
                    .call();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE || d.getSource() == null) continue;
            problems.add(Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": " + d.getMessage(null));
        }
        assertEquals(List.of(), problems, problems.size() + " Javadoc problems");
    }
}
