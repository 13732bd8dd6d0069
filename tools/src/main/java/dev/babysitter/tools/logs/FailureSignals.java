package dev.babysitter.tools.logs;

import static dev.babysitter.tools.logs.FailureClass.CHECKPOINT_CORRUPT;
import static dev.babysitter.tools.logs.FailureClass.CUDA_DRIVER_HW;
import static dev.babysitter.tools.logs.FailureClass.CUDA_OOM;
import static dev.babysitter.tools.logs.FailureClass.DISK_FULL;
import static dev.babysitter.tools.logs.FailureClass.HOST_OOM;
import static dev.babysitter.tools.logs.FailureClass.MISSING_COMPILER;
import static dev.babysitter.tools.logs.FailureClass.MISSING_DEPENDENCY;
import static dev.babysitter.tools.logs.FailureClass.NAN_LOSS;
import static dev.babysitter.tools.logs.FailureClass.NCCL;
import static dev.babysitter.tools.logs.FailureClass.NETWORK_HUB;
import static dev.babysitter.tools.logs.FailureClass.OTHER_ERROR;
import static dev.babysitter.tools.logs.FailureClass.PREEMPTION_SIGTERM;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The evidence table. Weight says how surely a line names the ROOT cause: 5 = unambiguous
 * (ECC error, ENOSPC), 4 = the error itself, 3 = strong symptom, 2 = weak symptom, 1 = generic crash marker
 * or a consequence of some other failure (an elastic agent SIGTERM-ing the surviving workers).
 * Ties go to the class listed first in {@link #PRIORITY}.
 */
final class FailureSignals {

    record Signal(FailureClass cls, int weight, Pattern pattern) {
    }

    /** Root-cause order: hardware explains OOM-like and NCCL symptoms; termination comes last. */
    static final List<FailureClass> PRIORITY = List.of(CUDA_DRIVER_HW, CUDA_OOM, HOST_OOM, DISK_FULL,
            CHECKPOINT_CORRUPT, MISSING_COMPILER, MISSING_DEPENDENCY, NCCL, NETWORK_HUB, NAN_LOSS,
            PREEMPTION_SIGTERM, OTHER_ERROR);

    static final List<Signal> SIGNALS = List.of(
            s(CUDA_DRIVER_HW, 5, "(?i)uncorrectable ECC|ECC error|double bit ECC|\\bXid\\b|fallen off the bus|GPU is lost"
                    + "|NVLink (?:error|failure)|CUDA_ERROR_ECC_UNCORRECTABLE|row remapp|GPU (?:has )?(?:crashed|hung)"),
            s(CUDA_DRIVER_HW, 4, "(?i)illegal memory access|device-side assert|unspecified launch failure"
                    + "|misaligned address|illegal instruction was encountered|CUDA error: (?:unknown error|launch failure"
                    + "|initialization error|no kernel image|an illegal|operation not permitted when stream is capturing)"
                    + "|CUBLAS_STATUS_(?:EXECUTION_FAILED|INTERNAL_ERROR|NOT_INITIALIZED)|CUDNN_STATUS_EXECUTION_FAILED"
                    + "|cudaErrorIllegalAddress|CUDA_ERROR_(?:ILLEGAL_ADDRESS|LAUNCH_FAILED|NO_DEVICE|NOT_INITIALIZED)"
                    + "|no kernel image is available|CUDA driver version is insufficient|Found no NVIDIA driver"
                    + "|NVIDIA driver on your system is too old|no CUDA-capable device|NVIDIA-SMI has failed"
                    + "|couldn't communicate with the NVIDIA driver|Failed to initialize NVML|Driver/library version mismatch"
                    + "|libcuda\\.so[.\\d]*: cannot open|No accelerator found|busy or unavailable"
                    + "|block: \\[\\d+,\\d+,\\d+\\], thread: \\[\\d+,\\d+,\\d+\\] Assertion"),
            s(CUDA_DRIVER_HW, 2, "CUDA error: (?!out of memory)|CUDNN_STATUS_INTERNAL_ERROR|DeferredCudaCallError"
                    + "|CUDA_ERROR_(?!OUT_OF_MEMORY)\\w+"),

            s(CUDA_OOM, 4, "(?i)CUDA out of memory|OutOfMemoryError|CUDA error: out of memory|CUDA_ERROR_OUT_OF_MEMORY"
                    + "|RESOURCE_EXHAUSTED|CompileTimeHbmOom|hbm requirement|out of memory in memory space hbm"
                    + "|(?:HIP|XPU|MPS backend|NPU) out of memory|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED"
                    + "|cudaErrorMemoryAllocation|OOM when allocating tensor|ResourceExhaustedError|out of memory on device"
                    + "|Cuda failure 'out of memory'|Failed to allocate .*bytes on (?:device|GPU)"),

            s(HOST_OOM, 4, "(?i)Out of memory: Kill|oom[-_]kill|OOM killer|Killed process \\d+|\\bMemoryError\\b"
                    + "|Cannot allocate memory|DefaultCPUAllocator: (?:can't|not enough)|std::bad_alloc"
                    + "|killed by signal: Killed|Memory cgroup out of memory|OOMKilled|exceeded (?:its )?memory limit"
                    + "|cgroup out-of-memory|insufficient shared memory|out of shared memory|killed by signal: Bus error"),
            s(HOST_OOM, 3, "^\\s*(?:Killed|已杀死|已終止|強制終了|Getötet|Processus arrêté|Убито)\\s*$"
                    + "|\\bline \\d+:\\s+\\d+ Killed\\b|^\\s*Killed\\s+\\S*(?:python|torchrun|accelerate|deepspeed)"
                    + "|exit code 137|exit status 137|\\bexitcode\\s*:\\s*-9\\b|Signals\\.SIGKILL|signal 9\\b"
                    + "|non-zero exit status -9|died with <Signals\\.SIGKILL"),

            s(DISK_FULL, 5, "(?i)No space left on device|ENOSPC|\\[Errno 28\\]|Disk quota exceeded|EDQUOT|\\[Errno 122\\]"
                    + "|not enough space on the disk|insufficient disk space|not enough (?:free )?disk space|disk is full"
                    + "|out of disk space|file write failed|PytorchStreamWriter failed writing|unexpected pos \\d+ vs \\d+"
                    + "|File too large"),
            s(DISK_FULL, 2, "(?i)Input/output error|\\[Errno 5\\]"),

            s(CHECKPOINT_CORRUPT, 4, "(?i)PytorchStreamReader failed|failed finding central directory|file might be corrupt"
                    + "|UnpicklingError|invalid load key|SafetensorError|Error while deserializing header|HeaderTooLarge"
                    + "|MetadataIncompleteBuffer|BadZipFile|checkpoint\\S* (?:is|was|seems|appears)? ?(?:to be )?corrupt"
                    + "|corrupt(?:ed)? (?:checkpoint|state dict|model file|shard)|Unable to load weights from"
                    + "|EOFError: Ran out of input|RuntimeError: unexpected EOF|expected \\d+ more bytes"
                    + "|Could not deserialize|not a valid (?:zip|checkpoint)|DataLossError|Checksum (?:does not match|mismatch)"
                    + "|incomplete (?:checkpoint|metadata)|truncated (?:file|checkpoint)"),
            s(CHECKPOINT_CORRUPT, 2, "Error\\(s\\) in loading state_dict|size mismatch for|Missing key\\(s\\) in state_dict"),

            s(MISSING_COMPILER, 4, "(?i)CUDA_HOME (?:does not exist|environment variable is not set)"
                    + "|nvcc:? (?:not found|command not found)|No such file or directory: '[^']*nvcc'|nvcc fatal"
                    + "|\\b(?:gcc|g\\+\\+|c\\+\\+|cc|clang|cl\\.exe|x86_64-linux-gnu-gcc):? (?:not found|command not found)"
                    + "|command '(?:[^']*/)?(?:gcc|g\\+\\+|c\\+\\+|x86_64-linux-gnu-gcc|cl\\.exe|nvcc)' failed"
                    + "|unable to execute '[^']*(?:gcc|g\\+\\+|cc)'|Failed to find C compiler|Ninja is required"
                    + "|ninja: build stopped|Visual C\\+\\+ 14\\.0 or greater is required|InvalidCxxCompiler"
                    + "|Python\\.h: No such file|cuda_runtime(?:_api)?\\.h: No such file|No CUDA runtime is found"
                    + "|Error building extension|unsupported GNU version|\\['ninja', '-v'\\]' returned non-zero"
                    + "|(?:No|no) (?:C|C\\+\\+|CUDA) compiler"),

            s(MISSING_DEPENDENCY, 4, "ModuleNotFoundError|No module named|ImportError|cannot import name"
                    + "|requires the \\S+ library but it was not found|PackageNotFoundError|DistributionNotFound"
                    + "|VersionConflict|undefined symbol|cannot open shared object file|: command not found"
                    + "|No matching distribution found|Could not find a version that satisfies"
                    + "|(?i:error.*\\bis not installed|is not installed.*error)|(?i:requires? .*but .*(?:found|installed))"),

            s(NCCL, 3, "(?i)NCCL error|nccl\\w*Error|NCCL WARN|Watchdog caught collective|collective operation timeout"
                    + "|ProcessGroupNCCL.*(?:timeout|Timeout|error|abort)|DistBackendError|DistNetworkError|DistStoreError"
                    + "|NCCL communicator was aborted|Rendezvous\\w*(?:Timeout|Connection|Closed)Error|socketStartConnect"
                    + "|TCPStore.*(?:timed out|failed|Timeout)|Gloo.*(?:error|timed out)|DEADLINE_EXCEEDED|Barrier timed out"
                    + "|NCCL_ASYNC_ERROR|Timed out waiting for all ranks|heartbeat.*(?:timeout|monitor)|c10d.*timed out"),
            s(NCCL, 2, "(?i)Connection reset by peer|Broken pipe|Connection closed by peer"),

            s(NETWORK_HUB, 4, "(?i)HTTPS?ConnectionPool|Max retries exceeded|NewConnectionError|Name or service not known"
                    + "|Temporary failure in name resolution|nodename nor servname|getaddrinfo failed|ConnectTimeout"
                    + "|ReadTimeout|requests\\.exceptions|urllib3\\.exceptions|LocalEntryNotFoundError|OfflineModeIsEnabled"
                    + "|HfHubHTTPError|RepositoryNotFoundError|GatedRepoError|couldn't connect to|429 Client Error"
                    + "|Too Many Requests|SSLError|CERTIFICATE_VERIFY_FAILED|wandb: Network error|wandb\\.errors"
                    + "|CommError|Connection aborted|ProxyError|RemoteDisconnected|IncompleteRead|ChunkedEncodingError"
                    + "|Network is unreachable|socket\\.gaierror|URLError|50[234] (?:Server Error|Service Unavailable"
                    + "|Bad Gateway|Gateway Time)|run initialization has timed out|cannot reach .*huggingface"),

            s(NAN_LOSS, 4, "(?i)loss is (?:nan|inf)|(?:nan|inf) loss|loss (?:became|becomes|went|is now) (?:nan|inf)"
                    + "|non-finite loss|NaN or Inf found|FloatingPointError|Detected (?:NaN|inf)|NaN detected"
                    + "|Encountered (?:NaN|inf)|returned nan values|loss scale already at minimum|Minimum loss scale reached"
                    + "|(?<![\\w/.])[\\w/]*(?:loss|grad[ _]?norm|gnorm)['\"]?\\s*[:=]\\s*['\"]?[-+]?(?:nan|inf)\\b"),
            s(NAN_LOSS, 3, "(?i)number of nan iterations:\\s*[1-9]"),

            s(PREEMPTION_SIGTERM, 4, "(?i)\\bpreempted\\b|\\bpreemption (?:notice|signal|detected|event)|DUE TO PREEMPTION|DUE TO (?:JOB REQUEUE|TIME LIMIT|NODE FAIL)|CANCELLED AT"
                    + "|Received \\d+ death signal|(?:received|got|caught)(?: the)? (?:signal )?SIG(?:TERM|HUP|INT|USR[12])"
                    + "|SIG(?:TERM|HUP) received|spot instance|maintenance event|terminated by signal"
                    + "|SignalException|\\bexitcode\\s*:\\s*-(?:15|1)\\b|Signals\\.SIG(?:TERM|HUP)|exit code 143"
                    + "|^\\s*(?:Terminated|Hangup)\\s*$"),
            s(PREEMPTION_SIGTERM, 3, "KeyboardInterrupt"),
            s(PREEMPTION_SIGTERM, 1, "closing signal SIG(?:TERM|HUP|INT)"),

            s(OTHER_ERROR, 1, "Traceback \\(most recent call last\\)|^\\s*(?:[\\w.]+\\.)?[A-Z]\\w*(?:Error|Exception)\\b(?::|$)"
                    + "|Segmentation fault|core dumped|Fatal Python error|terminate called after throwing"
                    + "|ChildFailedError|exited with (?:exit )?code [1-9]|\\bexitcode\\s*:\\s*[1-9]|\\bFATAL\\b"
                    + "|returned non-zero exit status|\\bAborted\\b|\\] ERROR\\b| - ERROR - "));

    /** A save in the traceback makes a following I/O failure a full disk (torch.save on a full volume says little). */
    static final Pattern SAVE_FRAME = Pattern.compile(
            "torch\\.save|_open_zipfile_writer|PyTorchFileWriter|save_pretrained|save_checkpoint|save_model"
                    + "|safe_save_file|save_state|_save\\(|\\.save\\(|np\\.save|Saving checkpoint|saving checkpoint");
    static final Pattern IO_FAIL = Pattern.compile(
            "(?i)cannot be opened|Input/output error|\\[Errno 5\\]|I/O error|write failed|failed to write|Errno 5\\b");

    private FailureSignals() {
    }

    private static Signal s(FailureClass cls, int weight, String regex) {
        return new Signal(cls, weight, Pattern.compile(regex));
    }
}
