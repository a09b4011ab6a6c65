package clnn.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library example in README.md is the code that src/it/library-consumer compiles and runs against the installed
 * jar (during {@code mvn verify}); this keeps the two the same text, so the README never shows code that was not run.
 */
class ReadmeExampleTest {
    @Test
    void theReadmesJavaExampleIsTheConsumerProjectsCode() throws Exception {
        List<String> readme = javaBlock(Files.readAllLines(Path.of("README.md")));
        List<String> consumer = Files.readAllLines(Path.of("src/it/library-consumer/src/main/java/consumer/ReadmeExample.java"));
        List<String> imports = consumer.stream().filter(l -> l.startsWith("import ")).toList();
        List<String> body = between(consumer, "// README begin", "// README end");
        List<String> expected = new ArrayList<>(imports);
        expected.addAll(body);
        assertTrue(body.size() > 5, "the consumer marks the README's lines");
        assertEquals(expected, readme.stream().filter(l -> !l.isBlank()).toList());
    }

    private static List<String> javaBlock(List<String> lines) {
        int start = lines.indexOf("```java");
        assertTrue(start >= 0, "README.md has a ```java block");
        int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
        return lines.subList(start + 1, end);
    }

    private static List<String> between(List<String> lines, String begin, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.strip().equals(end)) break;
            if (in && !l.isBlank()) out.add(l);
            if (l.strip().equals(begin)) in = true;
        }
        return out;
    }
}
