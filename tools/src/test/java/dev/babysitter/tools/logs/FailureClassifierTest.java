package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Own excerpts per class, worded differently from the dev corpus (typical messages of other frameworks:
 * JAX/XLA, TensorFlow, DeepSpeed, accelerate, Slurm, Kubernetes, safetensors...). Lines joined by '|' here.
 */
class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private Classification classify(String pipeJoined) {
        return classifier.classify(String.join("\n", pipeJoined.split("\\|")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
        "cuda_oom;jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 2.1G.",
        "cuda_oom;2 root error(s) found.|(0) RESOURCE_EXHAUSTED: OOM when allocating tensor with shape[64,1024,4096]",
        "cuda_oom;[rank3]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 3 has a total capacity of 79.1 GiB",
        "host_oom;step 100 loss 2.1|step 110 loss 2.0|/var/spool/slurmd/job123/slurm_script: line 12: 48213 Killed                  python train.py",
        "host_oom;RuntimeError: DataLoader worker (pid 4242) is killed by signal: Killed.",
        "host_oom;[enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not enough memory: you tried to allocate 8589934592 bytes.",
        "nccl;RuntimeError: NCCL communicator was aborted on rank 2.  Original reason for failure was: NCCL error: unhandled system error",
        "nccl;torch.distributed.DistStoreError: Timed out after 901 seconds waiting for clients. 1/2 clients joined.",
        "missing_dependency;Traceback (most recent call last):|  File \"train.py\", line 3, in <module>|    import flash_attn|ModuleNotFoundError: No module named 'flash_attn'",
        "missing_dependency;ImportError: /opt/conda/lib/python3.10/site-packages/apex_C.so: undefined symbol: _ZN3c104impl8GPUTrace",
        "missing_compiler;RuntimeError: Failed to find C compiler. Please specify via CC environment variable.",
        "missing_compiler;error: command 'gcc' failed: No such file or directory|ERROR: Failed building wheel for flash-attn",
        "disk_full;OSError: [Errno 28] No space left on device: '/checkpoints/step-5000/model.safetensors'",
        "disk_full;RuntimeError: [enforce fail at inline_container.cc:595] . unexpected pos 1480448832 vs 1480448720",
        "disk_full;INFO Saving checkpoint to /mnt/ckpt/step-900|Traceback (most recent call last):|OSError: [Errno 5] Input/output error",
        "nan_loss;RuntimeError: Loss is NaN at step 4123. Stopping.",
        "nan_loss;{'loss': 0.0, 'grad_norm': nan, 'learning_rate': 1.9e-05, 'epoch': 0.42}",
        "nan_loss;iter 3010: loss nan, time 1019.95ms, mfu 14.12%",
        "network_hub;OSError: We couldn't connect to 'https://huggingface.co' to load this file, couldn't find it in the cached files",
        "network_hub;requests.exceptions.ReadTimeout: (ReadTimeoutError(\"HTTPSConnectionPool(host='huggingface.co', port=443): Read timed out. (read timeout=10)\")",
        "cuda_driver_hw;NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, GPU has fallen off the bus.|[rank1]:[E ProcessGroupNCCL.cpp:616] Watchdog caught collective operation timeout",
        "cuda_driver_hw;RuntimeError: CUDA error: uncorrectable ECC error encountered|NCCL error in: ProcessGroupNCCL.cpp:1269, unhandled cuda error",
        "cuda_driver_hw;RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver",
        "preemption_sigterm;slurmstepd: error: *** JOB 81723 ON gpu-12 CANCELLED AT 2024-05-01T03:00:00 DUE TO PREEMPTION ***",
        "preemption_sigterm;torch.distributed.elastic.multiprocessing.api.SignalException: Process 3122 got signal: 15",
        "checkpoint_corrupt;safetensors_rust.SafetensorError: Error while deserializing header: MetadataIncompleteBuffer",
        "checkpoint_corrupt;_pickle.UnpicklingError: invalid load key, '<'.",
        "other_error;Traceback (most recent call last):|  File \"train.py\", line 88, in <module>|KeyError: 'input_ids'",
        "other_error;Fatal Python error: Segmentation fault|Current thread 0x00007f (most recent call first):",
        "healthy;[2024-01-01 10:00:00] INFO Saving checkpoint to /ckpt/step-1000|[2024-01-01 10:00:09] INFO Saved checkpoint",
        "healthy;[2022-09-09 15:01:50] [INFO] [logging.py:68:log_dist] [Rank 0] step=10, skipped=0, lr=[0.05], mom=[(0.9, 0.999)]",
        "healthy;[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, reducing to 32768",
        "healthy;UserWarning: torch.utils.checkpoint: please pass in use_reentrant=True or use_reentrant=False explicitly.",
        "healthy; iteration 10/ 100 | lm loss: 2.1E+00 | loss scale: 1.0 | number of skipped iterations:   0 | number of nan iterations:   0 |"
    })
    void classifiesOwnExcerpts(String label, String text) {
        Classification c = classify(text);
        assertThat(c.label()).as(c.evidence()).isEqualTo(label);
        assertThat(c.healthy()).isEqualTo("healthy".equals(label));
        if (!c.healthy()) {
            assertThat(c.evidence()).isNotBlank().hasSizeLessThanOrEqualTo(500);
            assertThat(c.confidence()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void evidenceIsTheDecidingLineAndListInputWorks() {
        Classification c = classifier.classify(List.of("step 1 ok", "wandb: Network error (ConnectTimeout), entering retry loop.",
                "Traceback (most recent call last):", "asyncio.exceptions.CancelledError"));
        assertThat(c.failureClass()).isEqualTo(FailureClass.NETWORK_HUB);
        assertThat(c.evidence()).contains("Network error");
        assertThat(classifier.classify((String) null).healthy()).isTrue();
        assertThat(classifier.classify(List.of()).healthy()).isTrue();
    }

    @Test
    void aTrainersGuardSkippingANanBatchIsNoFailureButASkippedStepsCollapseIs() {
        assertThat(classifier.classify(List.of("epoch 3 step 120 loss 0.41",
                "[WARNING] NaN loss detected! Skipping batch.", "epoch 3 step 140 loss 0.40")).healthy()).isTrue();
        // a mixed-precision loss scale collapsing skips steps, not batches: still a NaN run
        assertThat(classifier.classify(List.of(
                "Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 0.0001",
                "FloatingPointError: Minimum loss scale reached (0.0001)")).failureClass())
                .isEqualTo(FailureClass.NAN_LOSS);
        assertThat(classifier.classify(List.of("NaN loss detected at step 40, stopping")).failureClass())
                .isEqualTo(FailureClass.NAN_LOSS);
    }

    @Test
    void labelsRoundTrip() {
        for (FailureClass f : FailureClass.values()) {
            assertThat(FailureClass.fromLabel(f.label())).isEqualTo(f);
        }
        assertThat(FailureClass.CUDA_OOM.label()).isEqualTo("cuda_oom");
        assertThat(FailureClass.fromLabel(" Other-Error ")).isEqualTo(FailureClass.OTHER_ERROR);
    }
}
