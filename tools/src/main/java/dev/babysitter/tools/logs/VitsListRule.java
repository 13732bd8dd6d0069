package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;

/**
 * VITS's training line, kept by the voice models built on it (so-vits-svc, RVC, Bert-VITS2): its logger prints
 * {@code [x.item() for x in losses] + [global_step, lr]}, an unlabelled list such as
 * {@code [2.48, 2.17, 10.19, 16.58, 0.72, 4640, 9.84e-05]} after "Train Epoch: 129 [89%]". The integer before the last
 * element is the global step, the last the learning rate; the losses are parts with no total, so no loss is read.
 */
final class VitsListRule implements FormatRule {

    private static final int MIN_ELEMENTS = 4;

    @Override
    public List<String> names() {
        return List.of("vits");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        int e = contentEnd(line);
        return e > 10 && line.charAt(e - 1) == ']' && line.indexOf(", ") > 0;
    }

    @Override
    public Optional<Progress> parse(String line) {
        int e = contentEnd(line);
        int open = line.lastIndexOf('[', e - 1);
        if (open < 0 || e - 1 <= open + 1) {
            return Optional.empty();
        }
        // counted before splitting: most lines ending in "]" are tqdm bars ("[00:06, 1.61it/s]") with one ", "
        int commas = 0;
        for (int i = line.indexOf(", ", open + 1); i >= 0 && i + 2 <= e - 1; i = line.indexOf(", ", i + 2)) {
            commas++;
        }
        if (commas + 1 < MIN_ELEMENTS) {
            return Optional.empty();
        }
        String[] cells = line.substring(open + 1, e - 1).split(", ", -1);
        for (String cell : cells) {
            if (Nums.dbl(cell) == null) {
                return Optional.empty(); // a list of numbers only
            }
        }
        String stepCell = cells[cells.length - 2].strip();
        Double lr = Nums.dbl(cells[cells.length - 1]);
        if (stepCell.isEmpty() || !stepCell.chars().allMatch(Character::isDigit) || lr == null || !(lr > 0 && lr < 1)) {
            return Optional.empty();
        }
        return Optional.of(Progress.of("vits", Nums.lng(stepCell), "global", null, null, null, null, null));
    }

    /** Where the line ends before its trailing blanks. */
    private static int contentEnd(String line) {
        int e = line.length();
        while (e > 0 && line.charAt(e - 1) == ' ') {
            e--;
        }
        return e;
    }
}
