package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Measures the classifier on the shared development corpus (real excerpts from public issues). */
class FailureClassifierCorpusTest {

    private static final String REL = "shared/corpus/failure-logs-dev.jsonl";

    static Path corpus() {
        String root = System.getProperty("babysitter.repoRoot");
        if (root != null) {
            Path p = Path.of(root).resolve("..").resolve(REL).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(REL))) {
                return d.resolve(REL);
            }
        }
        return null;
    }

    @Test
    void accuracyOnDevCorpus() throws IOException {
        Path file = corpus();
        assumeTrue(file != null, "corpus not found; skipping");
        ObjectMapper json = new ObjectMapper();
        FailureClassifier classifier = new FailureClassifier();
        Map<String, int[]> perClass = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        List<String> healthyAlerts = new ArrayList<>();
        int ok = 0;
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            String label = row.get("label").asText();
            Classification c = classifier.classify(row.get("text").asText());
            int[] cell = perClass.computeIfAbsent(label, k -> new int[2]);
            cell[1]++;
            n++;
            if (c.label().equals(label)) {
                cell[0]++;
                ok++;
            } else {
                misses.add(row.get("id").asText() + " -> " + c.label() + " | " + c.evidence().replace('\n', ' '));
            }
            if ("healthy".equals(label) && !c.healthy()) {
                healthyAlerts.add(row.get("id").asText());
            }
        }
        StringBuilder table = new StringBuilder("\nclass                 correct/total\n");
        perClass.forEach((k, v) -> table.append(String.format("%-22s %d/%d%n", k, v[0], v[1])));
        table.append(String.format("OVERALL                %d/%d = %.3f%n", ok, n, (double) ok / n));
        misses.forEach(m -> table.append("MISS ").append(m).append('\n'));
        System.out.println(table);

        assertThat(n).isGreaterThan(0);
        assertThat((double) ok / n).as(table.toString()).isGreaterThanOrEqualTo(0.85);
        assertThat(healthyAlerts).as("alerts raised on healthy excerpts").isEmpty();
    }
}
