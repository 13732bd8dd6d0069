package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path f = dir.resolve("train.log");
        Files.write(f, bytes);
        return f;
    }

    @Test
    void splitsCarriageReturnUpdatesAndKeepsTheLastOnes() throws IOException {
        Path f = write("start\n 1%| | 1/100 [00:01]\r 2%| | 2/100 [00:02]\r 3%| | 3/100 [00:03]\r\nend\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(LogTail.lastLines(f, 3, 1 << 20)).containsExactly(" 2%| | 2/100 [00:02]", " 3%| | 3/100 [00:03]", "end");
    }

    @Test
    void stripsAnsiAndReplacesBinaryGarbage() throws IOException {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x07, 'o', 'k', '\n'};
        String coloured = "\u001B[1;32mstep: 10\u001B[0m  \u001B]8;;http://x\u0007loss: 2.0\n";
        byte[] a = coloured.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + garbage.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(garbage, 0, all, a.length, garbage.length);
        List<String> lines = LogTail.lastLines(write(all), 10, 1 << 20);
        assertThat(lines.get(0)).isEqualTo("step: 10  loss: 2.0");
        assertThat(lines.get(1)).endsWith("ok").doesNotContain("\u0000").doesNotContain("\u0007");
        assertThat(lines.get(1).chars().filter(c -> c == 0xFFFD).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void tenMegabyteSingleLineIsBoundedAndKeepsItsTail() throws IOException {
        Path f = dir.resolve("huge.log");
        try (OutputStream out = Files.newOutputStream(f)) {
            byte[] chunk = "abcdefghij".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 1000; i++) {
                out.write(chunk);
            }
            out.write("THE-END".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.size(f)).isGreaterThan(10_000_000);
        List<String> lines = LogTail.lastLines(f, 5, 64 * 1024);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).hasSize(LineNormalizer.MAX_LINE).endsWith("THE-END");
    }

    @Test
    void fileLargerThanMaxBytesReadsOnlyTheTailAndDropsThePartialFirstLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            b.append("line ").append(i).append('\n');
        }
        Path f = write(b.toString().getBytes(StandardCharsets.UTF_8));
        List<String> lines = LogTail.lastLines(f, 1000, 100);
        assertThat(lines).isNotEmpty().allMatch(l -> l.matches("line \\d+")).endsWith("line 9999");
        assertThat(String.join("\n", lines).length()).isLessThanOrEqualTo(100);
        assertThat(LogTail.lastLines(f, 2, 1 << 20)).containsExactly("line 9998", "line 9999");
    }

    @Test
    void inMemoryExcerptUsesSameNormalisation() {
        assertThat(LogTail.lines("a\r\nb\rc\n\n\u001B[31md\u001B[0m", 10)).containsExactly("a", "b", "c", "d");
        assertThat(LogTail.lines(null, 10)).isEmpty();
        assertThat(LogTail.lines("x".repeat(LineNormalizer.MAX_LINE + 5_000), 1).get(0)).hasSize(LineNormalizer.MAX_LINE);
    }

    @Test
    void oneGigabyteSparseLogIsReadFromTheTailOnly() throws IOException {
        Path f = dir.resolve("huge.log");
        String tail = "\n[rank0]: iter 9990: loss 1.2345, time 101.00ms, mfu 30.00%\n"
                + " iteration     9991/  10000 | elapsed time per iteration (ms): 99.5 | lm loss: 1.230000E+00 |\n";
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(1L << 30); // sparse: a GiB of zero bytes that occupy no disk
            raf.seek((1L << 30) - tailBytes.length);
            raf.write(tailBytes);
        }
        assertThat(Files.size(f)).isEqualTo(1L << 30);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        List<String> lines = LogTail.lastLines(f, 200, 256 * 1024);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long grown = (rt.totalMemory() - rt.freeMemory()) - before;
        assertThat(lines).hasSizeLessThanOrEqualTo(200);
        assertThat(lines.get(lines.size() - 1)).contains("iteration     9991/  10000");
        assertThat(grown).as("heap growth in bytes").isLessThan(64L << 20);
        assertThat(seconds).isLessThan(2.0);
        Progress p = new ProgressParser().lastProgress(lines).orElseThrow();
        assertThat(p.step()).isEqualTo(9991L);
        assertThat(p.loss()).isEqualTo(1.23);
    }
}
