package io.playbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code in README.md and docs/ comes from the compiled samples, so it cannot drift: a fenced block right after
 * {@code <!-- snippet: PlaySample_01_MinimumFps#benchmark -->} must equal the region between {@code // tag::benchmark[]}
 * and {@code // end::benchmark[]} of that sample (common indentation removed).
 *
 * <p>After changing a sample, {@code ./mvnw -pl bench-tests test -Dtest=DocSnippetsTests -Dplaybench.docs.write=true}
 * rewrites the blocks from the sources.
 */
class DocSnippetsTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SAMPLES =
            Path.of("src/test/java/io/playbench/bench").toAbsolutePath();
    private static final Pattern MARKER =
            Pattern.compile("<!-- snippet: ([A-Za-z0-9_]+)#([A-Za-z0-9_-]+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetEqualsItsTaggedRegion() throws IOException {
        boolean write = Boolean.getBoolean("playbench.docs.write");
        List<String> stale = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher m = MARKER.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (m.find()) {
                checked++;
                String expected = region(m.group(1), m.group(2));
                if (!expected.equals(m.group(3))) {
                    stale.add(ROOT.relativize(doc) + ": " + m.group(1) + "#" + m.group(2));
                }
                m.appendReplacement(
                        rewritten,
                        Matcher.quoteReplacement("<!-- snippet: " + m.group(1) + "#" + m.group(2) + " -->\n```java\n"
                                + expected + "```"));
            }
            m.appendTail(rewritten);
            if (write && !rewritten.toString().equals(text)) {
                Files.writeString(doc, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
        assertThat(checked).as("snippets found in README.md and docs/").isGreaterThanOrEqualTo(14);
        assertThat(unmarkedJavaBlocks())
                .as("```java blocks without a snippet marker: every Java block comes from compiled code")
                .isEmpty();
        if (!write) {
            assertThat(stale)
                    .as("snippets that differ from their sample (rerun with -Dplaybench.docs.write=true to update)")
                    .isEmpty();
        }
    }

    @Test
    void aMissingTagIsReported() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> region("PlaySample_01_MinimumFps", "nope"))
                .hasMessageContaining("no // tag::nope[] ... // end::nope[] in PlaySample_01_MinimumFps.java");
    }

    @Test
    void aBlockThatDiffersFromItsSampleIsFound() throws IOException {
        String current = "<!-- snippet: PlaySample_01_MinimumFps#benchmark -->\n```java\n"
                + region("PlaySample_01_MinimumFps", "benchmark") + "```\n";
        Matcher same = MARKER.matcher(current);
        assertThat(same.find() && same.group(3).equals(region(same.group(1), same.group(2))))
                .isTrue();
        Matcher drifted = MARKER.matcher(current.replace("steps = 2_000", "steps = 3_000"));
        assertThat(drifted.find() && drifted.group(3).equals(region(drifted.group(1), drifted.group(2))))
                .isFalse();
    }

    private static List<String> unmarkedJavaBlocks() throws IOException {
        List<String> unmarked = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("```java")
                        && (i == 0 || !lines.get(i - 1).startsWith("<!-- snippet: "))) {
                    unmarked.add(ROOT.relativize(doc) + ":" + (i + 1));
                }
            }
        }
        return unmarked;
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    static String region(String sample, String tag) throws IOException {
        List<String> lines = Files.readAllLines(SAMPLES.resolve(sample + ".java"), StandardCharsets.UTF_8);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (l.equals("// end::" + tag + "[]") && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException(
                    "no // tag::" + tag + "[] ... // end::" + tag + "[] in " + sample + ".java");
        }
        List<String> body = lines.subList(start, end);
        int indent = body.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : body) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
