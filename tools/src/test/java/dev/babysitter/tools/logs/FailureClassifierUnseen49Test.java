package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen49-logs.jsonl: 20 logs that jobs outside the deep-learning frameworks wrote on this
 * machine (Debian's gensim, fastText, SentencePiece, optuna, nltk, scikit-learn with joblib, liblinear, pomegranate and
 * R with nnet; each job's script under failures/unseen49-jobs or logs/heldapart98/jobs): host allocation failures
 * (fastText's std::bad_alloc, R's "cannot allocate vector"), an R package not installed, model files cut short
 * (gensim's pickle, joblib's arrays), a full volume under gensim's save, an MLP whose loss went NaN, configuration and
 * input errors (an optuna trial's AssertionError, nnet's weight limit, liblinear's input format, SentencePiece's
 * vocabulary size), downloads with no network (gensim, nltk), and seven healthy runs. Labels written before the
 * classifier ran. Measured once, with the code of e47867a: 14/20, 0 false alarms, 4 failures called healthy (R's
 * "Error in .. Execution halted" twice, liblinear's "Wrong input format", SentencePiece's "unrecoverable error"); R's
 * allocation error and joblib's EOF read as other_error. Then R's words for memory and packages, programs' own last
 * lines, and joblib's reading frames (FailureClassifierRoundTwentyOneTest): 20/20.
 */
class FailureClassifierUnseen49Test {

    @Test
    void unseenSet49() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen49", 20, 20, 0, 0);
    }
}
