package dev.babysitter.tools.logs;

/** Verdict of the {@link FailureClassifier}: class, the deciding line(s) (max 500 chars) and a confidence in [0,1]. */
public record Classification(FailureClass failureClass, String evidence, double confidence) {

    public Classification {
        if (failureClass == null) {
            throw new IllegalArgumentException("failureClass is null");
        }
        evidence = evidence == null ? "" : evidence.length() > 500 ? evidence.substring(0, 500) : evidence;
    }

    public String label() {
        return failureClass.label();
    }

    public boolean healthy() {
        return failureClass == FailureClass.HEALTHY;
    }
}
