package dev.babysitter.tools.logs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the evidence table: lower-case literal anchors that gate the (optional) confirming regex. An anchor
 * hit with no regex is proof on its own; the kind says when the row needs code rather than a plain verdict.
 */
record FailureRule(Kind kind, FailureClass cls, int weight, List<String> anchors, Pattern confirm, Bounds bounds) {

    /** Where an anchor hit must end a word for the row to be considered: a cheap filter run during the scan. */
    enum Bounds {
        /** anywhere */
        NONE,
        /** not followed by a letter, digit or '_' ("ValueError:" yes, "errors/" no) */
        END,
        /** a whole word ("nan" yes, "finance"/"nano" no; "inf" yes, "INFO" no) */
        WORD,
        /**
         * the end of an exception's name: a word end followed at once by ':' or by nothing but blanks to the end
         * of the line ("ValueError: x", "CancelledError"), so "error in loading" never costs a cleaned line
         */
        NAME_END
    }

    /** What a confirmed row does. PLAIN adds its class and weight; the others are handled in {@link FailureScan}. */
    enum Kind {
        PLAIN,
        /** a Python exception line: the trainer's own error (2) unless the exception only wraps another (1) */
        EXCEPTION,
        /** torchrun/elastic exit code of a rank: the code decides the class */
        EXIT_CODE,
        /**
         * a logger's error level ("] ERROR ", " - ERROR - "): the trainer reported an error, a crash only when
         * training did not go on after it
         */
        LOGGED_ERROR,
        /** a "value" that may be NaN/Inf: decided by {@link FailureScan#nanValue} */
        NAN_VALUE,
        /** "is NaN", "became nan", "returned nan": a verb saying something turned NaN */
        NAN_PHRASE,
        /** mixed-precision scaler lowering the loss scale: a failure only once it reaches 1 or below */
        LOSS_SCALE,
        /** a framework's report of a termination signal: the trainer's own exception before it makes it cleanup */
        SIGNAL_REPORT,
        /** a checkpoint save frame: an I/O failure after it is a full disk */
        SAVE_FRAME,
        /** an I/O failure, meaningful after a save frame */
        IO_FAIL,
        /**
         * a frame that opens a checkpoint's archive: the exception that ends its traceback is the checkpoint's (a
         * truncated file fails there after it was found and opened)
         */
        LOAD_FRAME,
        /** torchrun's "Failures:" header: what follows are consequences of the root cause */
        FAILURES_SECTION,
        /** torchrun's "Root Cause" header */
        ROOT_SECTION,
        /** the supervisor's attempt banner: only the latest attempt counts */
        ATTEMPT,
        /**
         * a shell's report that a program or file is missing ("x.sh: line 5: foo: command not found"): the job's
         * cause unless the job went on long after it (environment noise: an optional tool, a stale activate path)
         */
        SHELL_MISS
    }

    FailureRule {
        anchors = List.copyOf(anchors);
    }
}
