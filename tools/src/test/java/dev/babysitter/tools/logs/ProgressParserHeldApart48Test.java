package dev.babysitter.tools.logs;

import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's fourth fresh set: 8 real excerpts (src/test/resources/logs/heldapart48, NLP before LLMs: a
 * BERT fine-tune in McCormick's tutorial shape, a German POS tagger, a TextCNN with CRLF line ends, torchtext's
 * AG_NEWS tutorial, fastai 0.7's tables, a framed CSV header over tab rows (issue), indented epoch blocks, a log
 * quoted with "> "), collected by a helper who did not read the parser (it stopped at 8), expectations written before
 * the parser ran on them.
 */
class ProgressParserHeldApart48Test {

    // measured once, with the code of 77f1e75, before these were seen: 6/8 (the torchtext tutorial's
    // "Loss: 0.0000(valid)" read as training's; the framed CSV header); 7/8 after the round. Left: a header framed in
    // asterisks whose comma-separated names head tab-separated rows with no counter column.
    static final int FLOOR = 7;

    @Test
    void stepAndLossOnUnseenFormats() throws Exception {
        ProgressParserHeldOutTest.assertStepAndLossRight("heldapart48", "held-apart 48", 8, FLOOR);
    }
}
