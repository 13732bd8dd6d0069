package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTML table as a notebook stores a rich display: the Hugging Face Trainer's NotebookProgressCallback writes its
 * metrics as {@code <table>} rows, one {@code <th>} or {@code <td>} cell per line ("Epoch | Training Loss |
 * Validation Loss | ..", then a row per epoch or logging step). Each data row is read as "name=value" pairs under
 * the header's names, so the generic keys give it its meaning. Stateful: one per walk.
 */
final class HtmlTable {

    private boolean open;
    private List<String> cells;
    private boolean headerRow;
    private String[] header;

    /** Whether {@code line} opens a table: its first non-blank text is "<table". */
    static boolean opens(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.startsWith("<table", i);
    }

    boolean isOpen() {
        return open;
    }

    /**
     * Takes a line of an open table (or the line that opens one): null when it is no table line (the table is then
     * over), "" when taken, or a closed data row as "name=value" pairs.
     */
    String take(String line) {
        String t = line.strip();
        if (t.startsWith("<table")) {
            open = true;
            header = null;
            cells = null;
            return "";
        }
        if (!open || !t.startsWith("<")) {
            open = false;
            return null;
        }
        if (t.startsWith("</table")) {
            open = false;
            return "";
        }
        if (t.startsWith("<tr")) {
            cells = new ArrayList<>();
            headerRow = false;
        }
        cells(t);
        if (cells != null && t.endsWith("</tr>")) {
            List<String> row = cells;
            cells = null;
            if (headerRow) {
                header = new String[row.size()];
                for (int k = 0; k < header.length; k++) {
                    header[k] = row.get(k).replace(' ', '_');
                }
                return "";
            }
            return header == null || row.size() != header.length ? "" : pairs(row);
        }
        return "";
    }

    /** The cells of t ("<td>0</td>", "<th>Epoch</th>", several on one line too) into the open row. */
    private void cells(String t) {
        int at = 0;
        while (cells != null) {
            int th = t.indexOf("<th", at);
            int td = t.indexOf("<td", at);
            int start = th < 0 ? td : td < 0 ? th : Math.min(th, td);
            if (start < 0) {
                return;
            }
            int gt = t.indexOf('>', start);
            int end = gt < 0 ? -1 : t.indexOf("</t", gt);
            if (end < 0) {
                return;
            }
            headerRow |= start == th;
            cells.add(t.substring(gt + 1, end).strip());
            at = end + 3;
        }
    }

    private String pairs(List<String> row) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < row.size(); k++) {
            String v = row.get(k);
            if (!v.isEmpty() && Nums.dbl(v) != null) { // "No log" under a loss that was not logged yet
                b.append(b.length() == 0 ? "" : " ").append(header[k]).append('=').append(v);
            }
        }
        return b.toString();
    }
}
