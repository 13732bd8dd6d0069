package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The miss classes of issue #12, one notation each (lines joined by '|'), the torchrun evidence rules, and
 * robustness. Each row is a different notation of its class, not a line copied from a corpus.
 */
class FailureClassifierClassesTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private Classification classify(String pipeJoined) {
        return classifier.classify(String.join("\n", pipeJoined.split("\\|")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        "nan_loss;Epoch 3: 100%|####| 50/50 [00:10<00:00, loss=nan, v_num=1]",
        "nan_loss;step 1200 train/loss=NaN lr=3e-4",
        "nan_loss;Loss is NaN, stopping training",
        "nan_loss;loss: tensor(nan, device='cuda:0', grad_fn=<AddBackward0>)",
        "nan_loss;RuntimeError: Function 'LogSoftmaxBackward0' returned nan values in its 0th output.",
        "nan_loss;ValueError: found NaN in the gradients of layer 3",
        "nan_loss;WARNING: nan or inf in loss at step 77",
        "nan_loss;step 90 | loss inf | lr 1e-4",
        "nan_loss;[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 2, reducing to 1",
        "nan_loss;Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 1.52587890625e-05",
        "nan_loss;FloatingPointError: Minimum loss scale reached (0.0001). Your loss is probably exploding.",
        "cuda_driver_hw;[Mon Jan 1 00:00:00 2024] NVRM: Xid (PCI:0000:3b:00): 48, pid=1, DBE (double bit error) ECC error",
        "cuda_driver_hw;RuntimeError: CUDA error: unspecified launch failure",
        "cuda_driver_hw;cudaErrorNoDevice: no CUDA-capable device is detected",
        "cuda_driver_hw;RuntimeError: Unexpected error from cudaGetDeviceCount(). Error 803: system has unsupported display driver / cuda driver combination",
        "nan_loss;step 8 total_loss=nan|RuntimeError: CUDA error: device-side assert triggered",
        "other_error;RuntimeError: shape mismatch|Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.",
        "preemption_sigterm;The TPU worker may have been preempted.",
        "preemption_sigterm;Status: Failed Reason: Evicted Message: The node was low on resource: ephemeral-storage.",
        "preemption_sigterm;step 10 loss 2.0|Received SIGTERM, saving checkpoint and exiting",
        "preemption_sigterm;slurmstepd: error: *** JOB 42 ON n1 CANCELLED AT 2024-01-01T00:00:00 DUE TO PREEMPTION ***",
        "preemption_sigterm;epoch 3 loss 0.4|TERM_PREEMPT: job killed after preemption.|Exited with exit code 130.",
        "preemption_sigterm;=>> PBS: job killed: walltime 86415 exceeded limit 86400",
        "preemption_sigterm;Epoch 12/100|User defined signal 1",
        "host_oom;TERM_MEMLIMIT: job killed after reaching LSF memory usage limit.|Exited with exit code 137.",
        "host_oom;=>> PBS: job killed: vmem 34359738368b exceeded limit 32212254720b",
        "nccl;  File \"/opt/torch/distributed/rendezvous.py\", line 172, in _create_c10d_store|"
            + "    return TCPStore(|RuntimeError: Connection reset by peer",
        "missing_compiler;error: command 'x86_64-linux-gnu-gcc' failed: No such file or directory",
        "missing_compiler;-- No CMAKE_CXX_COMPILER could be found.",
        "missing_compiler;error: Microsoft Visual C++ 14.0 or greater is required. Get it with \"Microsoft C++ Build Tools\"",
        "missing_compiler;OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.",
        "network_hub;requests.exceptions.ConnectionError: HTTPSConnectionPool(host='huggingface.co', port=443)",
        "network_hub;fatal: unable to access 'https://github.com/org/repo.git/': Could not resolve host: github.com",
        "network_hub;ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
        "network_hub;urllib.error.HTTPError: HTTP Error 503: Service Unavailable",
        "missing_dependency;sh: 1: nosuchpython: not found",
        "missing_dependency;bash: deepspeed: command not found",
        "missing_dependency;/usr/bin/env: 'python': No such file or directory",
        "missing_dependency;supervisor: trainer exited with exit code 127",
        "host_oom;step 5 loss 1.0|[12345.678] Out of memory: Killed process 4242 (python) total-vm:100kB",
        "other_error;  exitcode  : -9 (pid: 123)|  error_file: <N/A>|  traceback : Signal 9 (SIGKILL) received by PID 123",
        "healthy;{'loss': 1.2, 'learning_rate': 1e-05, 'epoch': 0.1}|UserWarning: To copy construct from a tensor, use sourceTensor.clone().detach()",
        "healthy;NCCL INFO NET/Socket : Using [0]eth0:10.0.0.1<0>|NCCL INFO Call to connect returned Connection refused, retrying",
        "healthy;WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError(...)': /simple/torch/|Successfully installed torch-2.3.0",
        "healthy;Validation loss decreased (inf --> 0.693147).  Saving model ...",
        "healthy;iter 10: loss 3.2202, time 893.76ms, mfu 16.68%|saving checkpoint to out",
        "healthy;best_val_loss: inf|step 0: train loss 10.9, val loss 10.9",
        "nccl;E0105 10:00:00.123000 77 torch/csrc/distributed/c10d/socket.cpp:860] [c10d] The client socket has timed out after 900s while trying to connect to (10.0.0.2, 29500).",
        "nccl;[E1203 08:00:01.5 socket.cpp:921] [c10d] The server socket has failed to listen on any local network address.",
        "healthy;[W106 10:00:00.1 socket.cpp:464] [c10d] The server socket has failed to bind to [::]:29500 (errno: 98 - Address already in use).|step 1 loss 2.0",
        "other_error;step 3 loss 1.0|\u001b[31mKeyError\u001b[0m: 'input_ids'",
        "healthy;step 5: error rate 0.12, exception count 0, loss 0.3",
    })
    void recognisesTheClassNotTheLine(String label, String text) {
        Classification c = classify(text);
        assertThat(c.label()).as(c.evidence()).isEqualTo(label);
        assertThat(c.evidence().isEmpty()).isEqualTo(c.healthy());
    }

    @Test
    void anExceptionNameAloneOrFollowedByBlanksIsStillTheEvidence() {
        // the scan counts an "error" anchor only where a name can end: ':' or blanks to the end of the line
        Classification c = classify("Traceback (most recent call last):|  File \"t.py\", line 9, in <module>"
                + "|AssertionError  \t|[process exited]");
        assertThat(c.label()).isEqualTo("other_error");
        assertThat(c.evidence()).isEqualTo("AssertionError");
        assertThat(classify("step 3: error budget 0.1|requests.exceptions.ReadTimeout: timed out").label())
                .isEqualTo("network_hub");
    }

    @Test
    void torchrunSigkillIsOtherErrorWithTheRootCauseBlockAsEvidence() {
        List<String> log = List.of("step 10 loss 2.0",
                "torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ",
                "Failures:",
                "  <NO_OTHER_FAILURES>",
                "Root Cause (first observed failure):",
                "[0]:",
                "  time      : 2024-09-09_09:36:56",
                "  host      : node1",
                "  rank      : 1 (local_rank: 1)",
                "  exitcode  : -9 (pid: 123)",
                "  error_file: <N/A>",
                "  traceback : Signal 9 (SIGKILL) received by PID 123",
                "============================================================");
        Classification c = classifier.classify(log);
        assertThat(c.failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(c.evidence()).isEqualTo("[0]: time : 2024-09-09_09:36:56 host : node1 rank : 1 (local_rank: 1) "
                + "exitcode : -9 (pid: 123) error_file: <N/A> traceback : Signal 9 (SIGKILL) received by PID 123");

        List<String> withOom = new ArrayList<>(log);
        withOom.add(1, "[ 8812.1] Out of memory: Killed process 123 (python) total-vm:99999kB");
        Classification oom = classifier.classify(withOom);
        assertThat(oom.failureClass()).isEqualTo(FailureClass.HOST_OOM);
        assertThat(oom.evidence()).contains("Killed process 123");
    }

    /**
     * Seen with examples/torch under Debian's torchrun: rank 1 SIGKILLed, rank 0 dies of gloo's
     * "Connection closed by peer" in the same second, and torchrun's "Root Cause" (earliest
     * failure by whole-second time, ties to the lower rank) names rank 0's exit 1. The killed
     * rank, listed under "Failures:", is the cause and the evidence.
     */
    @Test
    void aSignalKilledRankIsTheCauseEvenWhenRootCauseBlamesItsPeer() throws Exception {
        List<String> log = java.nio.file.Files.readAllLines(repoRoot().resolve(
                "examples/torch/sample-logs/killed-rank.log"));
        int end = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("=====") && i > 0 && log.get(i - 1).contains("traceback")) {
                end = i + 1;
                break; // the killed attempt only, not its resumed relaunch
            }
        }
        assertThat(end).isPositive();
        Classification c = classifier.classify(log.subList(0, end));
        assertThat(c.failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(c.evidence()).contains("exitcode : -9").contains("Signal 9 (SIGKILL)")
                .doesNotContain("Connection closed by peer");
    }

    /** The same kill, when the peer's transport error reads as a collective failure (seen in CI). */
    @Test
    void aSigkilledRankOutweighsItsPeersGlooReadError() {
        List<String> log = List.of("[default0]:iter 24: loss 2.2784, time 54.05ms, mfu 0.00%",
                "RuntimeError: [./gloo/transport/tcp/pair.cc:589] Read error [127.0.0.1]:37267: "
                        + "Connection reset by peer",
                "torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ",
                "Failures:", "[1]:", "  time      : 2026-12-06_11:40:16", "  host      : localhost",
                "  rank      : 1 (local_rank: 1)", "  exitcode  : -9 (pid: 24959)",
                "  error_file: <N/A>", "  traceback : Signal 9 (SIGKILL) received by PID 24959",
                "Root Cause (first observed failure):", "[0]:", "  rank      : 0 (local_rank: 0)",
                "  exitcode  : 1 (pid: 24958)");
        Classification c = classifier.classify(log);
        assertThat(c.failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(c.evidence()).contains("Signal 9 (SIGKILL)").doesNotContain("Read error");
    }

    private static java.nio.file.Path repoRoot() {
        for (java.nio.file.Path d = java.nio.file.Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (java.nio.file.Files.isDirectory(d.resolve("examples/torch"))) {
                return d;
            }
        }
        throw new IllegalStateException("no examples/torch above the working directory");
    }

    @Test
    void otherRanksFailuresAreConsequencesAndTheTrainersExceptionIsTheEvidence() {
        Classification c = classify("[rank1]: ValueError: too many values to unpack (expected 2)"
                + "|torch.distributed.elastic.multiprocessing.errors.ChildFailedError:|Failures:|[1]:"
                + "|  exitcode  : -15 (pid: 8)|  traceback : Signal 15 (SIGTERM) received by PID 8"
                + "|Root Cause (first observed failure):|[0]:|  exitcode  : 1 (pid: 7)");
        assertThat(c.failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
        assertThat(c.evidence()).startsWith("ValueError: too many values").doesNotContain("ChildFailedError");
    }

    @Test
    void onlyTheLatestAttemptCounts() {
        Classification c = classify("torch.OutOfMemoryError: CUDA out of memory.|=== babysitter attempt 2 ==="
                + "|step 1 loss 2.0|step 2 loss 1.9");
        assertThat(c.healthy()).isTrue();
        Classification d = classify("=== babysitter attempt 2 ===|Traceback (most recent call last):|KeyError: 'x'");
        assertThat(d.evidence()).isEqualTo("KeyError: 'x'");
    }

    @Test
    void neverThrowsOnBinaryHugeOrAdversarialInput() {
        Random r = new Random(12);
        StringBuilder bin = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            bin.append((char) r.nextInt(0x10000));
        }
        assertThat(classifier.classify(bin.toString())).isNotNull();
        String huge = "x".repeat(3_000_000) + " CUDA out of memory " + "loss: nan ".repeat(100_000);
        assertThat(classifier.classify(huge).failureClass()).isIn(FailureClass.CUDA_OOM, FailureClass.NAN_LOSS);
        assertThat(classifier.classify("loss".repeat(50_000) + " nan")).isNotNull();
        assertThat(classifier.classify("\n\r\n\r".repeat(100_000)).healthy()).isTrue();
        List<String> withNulls = new ArrayList<>();
        withNulls.add(null);
        withNulls.add("\u0000\u0007 step 3");
        withNulls.add("\u001b[31mKilled\u001b[0m");
        assertThat(classifier.classify(withNulls).failureClass()).isEqualTo(FailureClass.HOST_OOM);
        assertThat(classifier.classify((List<String>) null).healthy()).isTrue();
    }

    @Test
    void keepsOnlyTheLastTwentyThousandLines() {
        String old = "torch.OutOfMemoryError: CUDA out of memory.\n";
        assertThat(classifier.classify(old + "step 1 ok\n".repeat(20_000)).healthy()).isTrue();
        assertThat(classifier.classify(old + "step 1 ok\n".repeat(19_000)).failureClass())
                .isEqualTo(FailureClass.CUDA_OOM);
        assertThat(FailureClassifier.startOfLastLines("a\nb\r\nc\rd", 2)).isEqualTo(5);
    }
}
