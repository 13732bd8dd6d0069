package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The twentieth round's classes (unseen48, failures that real jobs produced on this machine), as variants no corpus
 * row holds, with guards: numpy's own name for a host allocation failure ("_ArrayMemoryError: Unable to allocate
 * 43.7 TiB for an array"); an exception that ends a traceback through the frame that opens a checkpoint's archive is
 * the checkpoint's (torch 1.13 on a truncated copy: "OSError: [Errno 22] Invalid argument").
 */
class FailureClassifierRoundTwentyTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private FailureClass classOf(String... lines) {
        return classifier.classify(List.of(lines)).failureClass();
    }

    @Test
    void numpysArrayMemoryErrorIsTheHostsMemory() {
        assertThat(classOf("Traceback (most recent call last):",
                "  File \"features.py\", line 5, in build",
                "    np.zeros((3_000_000, 2_000_000))",
                "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 43.7 TiB for an array with shape"
                        + " (3000000, 2000000) and data type float64")).isEqualTo(FailureClass.HOST_OOM);
        // the message alone, as an older numpy printed it under a plain MemoryError's name
        assertThat(classOf("Traceback (most recent call last):",
                "ValueError: something else first",
                "Exception: Unable to allocate 512. MiB for an array with shape (8192, 8192) and data type float64"))
                .isEqualTo(FailureClass.HOST_OOM);
    }

    @Test
    void anExceptionThroughTheArchiveOpeningFrameIsTheCheckpoints() {
        assertThat(classOf("INFO train: resuming from ckpt/last.pt",
                "Traceback (most recent call last):",
                "  File \"train.py\", line 8, in <module>",
                "    state = torch.load('ckpt/last.pt')",
                "  File \"/usr/lib/python3/dist-packages/torch/serialization.py\", line 777, in load",
                "    with _open_zipfile_reader(opened_file) as opened_zipfile:",
                "  File \"/usr/lib/python3/dist-packages/torch/serialization.py\", line 282, in __init__",
                "    super(_open_zipfile_reader, self).__init__(torch._C.PyTorchFileReader(name_or_buffer))",
                "OSError: [Errno 22] Invalid argument")).isEqualTo(FailureClass.CHECKPOINT_CORRUPT);
    }

    @Test
    void theSameExceptionElsewhereIsNoCheckpointsFault() {
        // no archive frame: an OSError of the job's own
        assertThat(classOf("Traceback (most recent call last):",
                "  File \"train.py\", line 8, in <module>",
                "    fd = os.open(path, flags)",
                "OSError: [Errno 22] Invalid argument")).isEqualTo(FailureClass.OTHER_ERROR);
        // a checkpoint loaded long before, then an unrelated crash
        String[] log = new String[14];
        log[0] = "    with _open_zipfile_reader(opened_file) as opened_zipfile:";
        for (int i = 1; i < 13; i++) {
            log[i] = "step " + (i * 10) + " loss " + (2.0 - i * 0.01);
        }
        log[13] = "RuntimeError: mat1 and mat2 shapes cannot be multiplied (8x48 and 32x1)";
        assertThat(classOf(log)).isEqualTo(FailureClass.OTHER_ERROR);
    }
}
