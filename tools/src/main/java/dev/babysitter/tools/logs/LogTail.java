package dev.babysitter.tools.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Reads the end of a (possibly huge, possibly still growing) log without loading the whole file. */
public final class LogTail {

    private LogTail() {
    }

    /**
     * The last {@code maxLines} non-blank lines within the last {@code maxBytes} bytes of {@code file}.
     * Lines are split on \n and \r (tqdm's in-place updates become separate lines), ANSI-stripped,
     * control characters and undecodable bytes replaced, each capped at 4096 chars (tail kept).
     */
    public static List<String> lastLines(Path file, int maxLines, long maxBytes) throws IOException {
        if (maxLines <= 0 || maxBytes <= 0) {
            return List.of();
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - maxBytes);
            int len = (int) Math.min(size - from, Math.min(maxBytes, Integer.MAX_VALUE - 16));
            ByteBuffer buf = ByteBuffer.allocate(len);
            ch.position(from);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading: a channel may return short reads
            }
            buf.flip();
            int skip = 0;
            if (from > 0) {
                // we started mid-line: drop the fragment, unless the window holds nothing else (a huge line)
                int brk = firstBreak(buf);
                if (brk > 0 && brk < buf.limit()) {
                    skip = brk;
                } else {
                    // keep the huge line's tail, minus UTF-8 continuation bytes of a split code point
                    while (skip < buf.limit() && (buf.get(skip) & 0xC0) == 0x80) {
                        skip++;
                    }
                }
            }
            buf.position(skip);
            return LineNormalizer.split(decode(buf), maxLines);
        }
    }

    /** Same normalisation for an in-memory excerpt. */
    public static List<String> lines(String text, int maxLines) {
        return LineNormalizer.split(text, maxLines);
    }

    private static int firstBreak(ByteBuffer buf) {
        for (int i = 0; i < buf.limit(); i++) {
            byte b = buf.get(i);
            if (b == '\n' || b == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String decode(ByteBuffer buf) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer cb = dec.decode(buf);
            return cb.toString();
        } catch (CharacterCodingException e) {
            return ""; // cannot happen with REPLACE; keep the signature free of it
        }
    }
}
