package clnn.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library examples in README.md are the code that src/it/library-consumer compiles and runs against the installed
 * jar (during {@code mvn verify}); this keeps them the same text, so the README never shows Java that was not run. The
 * N-th ```java block of the README is the consumer's lines between "README begin N" and "README end N" (the first
 * block also shows the consumer's imports).
 */
class ReadmeExampleTest {
    @Test
    void everyJavaBlockOfTheReadmeIsTheConsumerProjectsCode() throws Exception {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("README.md")));
        List<String> consumer = Files.readAllLines(Path.of("src/it/library-consumer/src/main/java/consumer/ReadmeExample.java"));
        assertTrue(blocks.size() >= 2, "README.md shows the example and the callbacks");
        for (int n = 1; n <= blocks.size(); n++) {
            List<String> expected = new ArrayList<>();
            if (n == 1) expected.addAll(consumer.stream().filter(l -> l.startsWith("import ")).toList());
            List<String> body = between(consumer, "// README begin " + n, "// README end " + n);
            assertTrue(body.size() > 5, "the consumer marks the README's block " + n);
            expected.addAll(body);
            assertEquals(expected, blocks.get(n - 1).stream().filter(l -> !l.isBlank()).toList(), "java block " + n);
        }
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) continue;
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) end++;
            blocks.add(lines.subList(i + 1, end));
            i = end;
        }
        return blocks;
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
