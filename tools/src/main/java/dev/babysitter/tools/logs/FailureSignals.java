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
import static dev.babysitter.tools.logs.FailureRule.Kind.ATTEMPT;
import static dev.babysitter.tools.logs.FailureRule.Kind.EXCEPTION;
import static dev.babysitter.tools.logs.FailureRule.Kind.EXIT_CODE;
import static dev.babysitter.tools.logs.FailureRule.Kind.FAILURES_SECTION;
import static dev.babysitter.tools.logs.FailureRule.Kind.IO_FAIL;
import static dev.babysitter.tools.logs.FailureRule.Kind.LOAD_FRAME;
import static dev.babysitter.tools.logs.FailureRule.Kind.LOGGED_ERROR;
import static dev.babysitter.tools.logs.FailureRule.Kind.LOSS_SCALE;
import static dev.babysitter.tools.logs.FailureRule.Kind.NAN_PHRASE;
import static dev.babysitter.tools.logs.FailureRule.Kind.NAN_VALUE;
import static dev.babysitter.tools.logs.FailureRule.Kind.PLAIN;
import static dev.babysitter.tools.logs.FailureRule.Kind.ROOT_SECTION;
import static dev.babysitter.tools.logs.FailureRule.Kind.SAVE_FRAME;
import static dev.babysitter.tools.logs.FailureRule.Kind.SHELL_MISS;
import static dev.babysitter.tools.logs.FailureRule.Kind.SIGNAL_REPORT;

import dev.babysitter.tools.logs.FailureRule.Bounds;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The evidence table, as data: each row names a CLASS of failure by the words every framework uses for it.
 * Weight says how surely a line names the ROOT cause: 5 = unambiguous (ECC error, ENOSPC), 4 = the error itself,
 * 3 = strong symptom, 2 = weak symptom or a signal of unknown origin (SIGKILL), 1 = generic crash marker or a
 * consequence of another failure. Ties go to the class listed first in {@link #PRIORITY}.
 * Anchors are lower-case literals (matched case-insensitively); a row with no regex is proven by its anchor.
 */
final class FailureSignals {

    /** Root-cause order: hardware explains OOM-like and NCCL symptoms; termination comes last. */
    static final List<FailureClass> PRIORITY = List.of(CUDA_DRIVER_HW, CUDA_OOM, HOST_OOM, DISK_FULL,
            CHECKPOINT_CORRUPT, MISSING_COMPILER, MISSING_DEPENDENCY, NCCL, NETWORK_HUB, NAN_LOSS,
            PREEMPTION_SIGTERM, OTHER_ERROR);

    /**
     * Classes whose words also appear in benign warnings and retry notices ("Retrying ... NewConnectionError",
     * "NCCL WARN", "UserWarning: ... No space left"): on such a line they count only as weight 1 and never alone.
     */
    static final Set<FailureClass> SOFTENED_IN_WARNINGS = EnumSet.of(NETWORK_HUB, NCCL, DISK_FULL, CUDA_OOM, HOST_OOM,
            MISSING_DEPENDENCY, MISSING_COMPILER, CHECKPOINT_CORRUPT, CUDA_DRIVER_HW, OTHER_ERROR);

    /** Markers of a warning or a retry that is still in progress. */
    static final List<String> WARNING_MARKERS = List.of("Warning:", "WARNING", "WARN ", "[W ", "warnings.warn",
            "Retrying", "retrying", "retry loop", "will retry", "[Retry ", "thrown while requesting", "NCCL INFO");

    /**
     * A C++ log line at glog's warning level, as c10d, TensorFlow and XLA write it: "[W526 18:23:42.905 TCPStore.cpp:
     * 125]" (after a "[rank1]:" prefix too) or "W0526 18:23:42.905934 123 file.cc:12]" at the line's start; and
     * TensorFlow's own C++ logging, "2022-11-22 12:25:21.409700: W tensorflow/core/grappler/..".
     */
    static final Pattern GLOG_WARNING = Pattern.compile("\\[W\\d{3,4} \\d\\d:\\d\\d|^\\s*W\\d{4} \\d\\d:\\d\\d"
            + "|^\\s*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: W ");

    /**
     * A trainer's own NaN guard skipping a batch or a sample ("NaN loss detected! Skipping batch.") and going on; not
     * a skipped optimizer step, which is how a mixed-precision loss scale collapses, nor Megatron's counts.
     */
    static final Pattern NAN_BATCH_SKIPPED = Pattern.compile(
            "(?i)\\bskip(?:ping|ped|s)?\\s+(?:the\\s+|this\\s+|current\\s+)?(?:batch|sample)");

    /** Localised shells' bare "Killed" (non-ASCII, so outside the automaton): checked only on non-ASCII lines. */
    static final Pattern LOCALISED_KILLED = Pattern.compile(
            "^\\s*(?:已杀死|已終止|強制終了|Getötet|Processus arrêté|Убито)\\s*$");

    /** A field of torchrun's failure report ("[0]:", "time : ...", "exitcode : -9 (pid: 1)" ...). */
    static final Pattern REPORT_FIELD = Pattern.compile(
            "^\\s*(?:\\[\\d+\\]:\\s*$|(?:time|host|rank|exitcode|error_file|traceback)\\s*:)");

    static final List<FailureRule> RULES = List.of(
            // ---- hardware / driver
            lit(CUDA_DRIVER_HW, 5, "uncorrectable ecc|ecc error|double bit ecc|fallen off the bus|gpu is lost"
                    + "|nvlink error|nvlink failure|cuda_error_ecc_uncorrectable|row remapping failure|gpu has crashed"),
            rx(CUDA_DRIVER_HW, 5, "xid", "(?i)\\bXid\\b\\s*[(:\\d]", Bounds.WORD),
            // a kernel's own assertion (an index out of range, often after a NaN) names no fault of the GPU by
            // itself; "to enable device-side assertions" is the boilerplate under every CUDA error and names none
            lit(CUDA_DRIVER_HW, 3, "device-side assert triggered"),
            lit(CUDA_DRIVER_HW, 4, "illegal memory access|unspecified launch failure"
                    + "|misaligned address|illegal instruction was encountered|cuda error: unknown error"
                    + "|cuda error: launch failure|cuda error: initialization error|no kernel image is available"
                    + "|cublas_status_execution_failed|cublas_status_internal_error|cublas_status_not_initialized"
                    + "|cudnn_status_execution_failed|cudaerrorillegaladdress|cudaerrornodevice|cudaerrorinsufficientdriver"
                    + "|cudaerrorlaunchfailure|cuda_error_illegal_address|cuda_error_launch_failed|cuda_error_no_device"
                    + "|cuda_error_not_initialized|cuda driver version is insufficient|found no nvidia driver"
                    + "|nvidia driver on your system is too old|no cuda-capable device|nvidia-smi has failed"
                    + "|couldn't communicate with the nvidia driver|failed to initialize nvml"
                    + "|driver/library version mismatch|no accelerator found|busy or unavailable|gpu has fallen"
                    // the runtime cannot count the devices: a driver it cannot use ("Error 804: forward
                    // compatibility was attempted on non supported HW")
                    + "|unexpected error from cudagetdevicecount|forward compatibility was attempted"
                    // torch's own words when the runtime sees no device at all, or a build that cannot use one
                    + "|no cuda gpus are available|torch not compiled with cuda enabled"),
            // the kernel's and nvidia-smi's words for a GPU the host can no longer reach
            lit(CUDA_DRIVER_HW, 4, "unable to determine the device handle|pcie bus error|gpu requires reset"),
            rx(CUDA_DRIVER_HW, 4, "assertion", "block: \\[\\d+,\\d+,\\d+\\], thread: \\[\\d+,\\d+,\\d+\\] Assertion"),
            // pynvml's typed errors (NVMLError_Unknown, NVMLError_GpuIsLost): the driver cannot answer for the GPU
            rx(CUDA_DRIVER_HW, 4, "nvmlerror_", "NVMLError_(?:Unknown|GpuIsLost|DriverNotLoaded|LibraryNotFound"
                    + "|Uninitialized|NoPermission|Timeout|CorruptedInforom|IrqIssue)"),
            rx(CUDA_DRIVER_HW, 4, "libcuda.so", "libcuda\\.so[.\\d]*: cannot open"),
            rx(CUDA_DRIVER_HW, 2, "cuda error:", "(?i)CUDA error: (?!out of memory)"),
            rx(CUDA_DRIVER_HW, 2, "cuda_error_", "CUDA_ERROR_(?!OUT_OF_MEMORY)\\w+"),
            rx(CUDA_DRIVER_HW, 2, "cuda runtime error", "(?i)cuda runtime error \\((?!2\\))\\d+\\)"),
            lit(CUDA_DRIVER_HW, 2, "cudnn_status_internal_error|deferredcudacallerror"),

            // ---- memory
            lit(CUDA_OOM, 4, "cuda out of memory|outofmemoryerror|cuda error: out of memory|cuda_error_out_of_memory"
                    + "|resource_exhausted|compiletimehbmoom|hbm requirement|out of memory in memory space hbm"
                    + "|hip out of memory|xpu out of memory|mps backend out of memory|npu out of memory"
                    + "|cublas_status_alloc_failed|cudnn_status_alloc_failed|cudaerrormemoryallocation"
                    + "|oom when allocating tensor|resourceexhaustederror|out of memory on device"
                    + "|cuda failure 'out of memory'|cuda runtime error (2) : out of memory"
                    // MXNet's pooled storage, MindSpore on Ascend ("Malloc for kernel output failed, Memory isn't enough")
                    + "|cudamalloc failed: out of memory|cudamalloc retry failed|memory isn't enough|memory is not enough"
                    // the same report broken across two lines by the console ("cudaMalloc fail" / "ed: out of memory")
                    + "|pooled_storage_manager.h:107: cudamalloc fail"
                    // PaddlePaddle's own report under its W-level "raises an exception ... ResourceExhaustedError"
                    + "|out of memory error on gpu"),
            // Caffe2's enforce on a CUDA call: "error == cudaSuccess. 2 vs 0. Error at: .. event_gpu.cc:17: out of memory"
            rx(CUDA_OOM, 4, "cudasuccess", "cudaSuccess\\b.*: out of memory"),
            // TensorFlow's OOM on the CPU device is the host's memory, not the GPU's
            rx(HOST_OOM, 5, "oom when allocating tensor", "(?i)OOM when allocating tensor.*(?:device:CPU|allocator cpu)"),
            rx(CUDA_OOM, 4, "failed to allocate", "(?i)Failed to allocate .*bytes on (?:device|GPU)"),
            lit(HOST_OOM, 4, "out of memory: kill|oom-kill|oom_kill|oom killer|memory cgroup out of memory|oomkilled"
                    + "|cgroup out-of-memory|cannot allocate memory|std::bad_alloc|killed by signal: killed"
                    + "|insufficient shared memory|out of shared memory|killed by signal: bus error"
                    + "|defaultcpuallocator: can't allocate|defaultcpuallocator: not enough memory"),
            rx(HOST_OOM, 4, "killed process", "(?i)Killed process \\d+"),
            // Kubernetes evicts a pod from a node short of memory: the eviction's reason, not a preemption
            lit(HOST_OOM, 5, "low on resource: memory|the node had condition: [memorypressure]"),
            // Ray's memory monitor killing workers ("4 Workers (tasks / actors) killed due to memory pressure (OOM)",
            // "Task was killed due to the node running low on memory")
            lit(HOST_OOM, 4, "killed due to memory pressure"),
            lit(HOST_OOM, 5, "node running low on memory"), // outranks the name of Ray's OutOfMemoryError
            rx(HOST_OOM, 4, "memoryerror", "\\bMemoryError\\b"),
            // numpy's own name for it: "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 43.7 TiB for an
            // array with shape (3000000, 2000000) and data type float64"
            rx(HOST_OOM, 4, "unable to allocate", "(?i)_ArrayMemoryError\\b|Unable to allocate [\\d.]+ [KMGTPE]i?B for an array"),
            rx(HOST_OOM, 4, "memory limit", "(?i)exceeded (?:its )?memory limit"),
            // R's two words for it: "Error: cannot allocate vector of size 7450.6 Gb", "vector memory exhausted"
            lit(HOST_OOM, 4, "cannot allocate vector of size|vector memory exhausted"),
            // batch schedulers' own reason for a kill: LSF's TERM_MEMLIMIT/TERM_SWAP, PBS/Torque's
            // "job killed: mem 21474836kb exceeded limit" (pvmem, vmem alike)
            lit(HOST_OOM, 4, "term_memlimit|term_swap"),
            rx(HOST_OOM, 4, "job killed: ", "(?i)job killed: (?:p?v?mem) .*exceeded limit"),
            // a bare "Killed", also as pasted into an issue, in Markdown emphasis or code ("**Killed**"), or glued to
            // the progress bar the kill cut short ("3787/62565 [04:47<1:10:53, 13.82it/s]Killed")
            rx(HOST_OOM, 3, "killed", "(?:^\\s*|[\\]|%]\\s*)[*_`]{0,3}Killed[*_`]{0,3}\\s*$|\\bline \\d+:\\s+\\d+ Killed\\b"
                    + "|^\\s*Killed\\s+\\S*(?:python|torchrun|accelerate|deepspeed)"),

            // ---- signals of unknown origin: SIGKILL is the OOM killer, a person or a scheduler alike
            word(OTHER_ERROR, 2, "exit code 137|exit status 137|exit code: 137|sigkill|signal 9|non-zero exit status -9"
                    + "|sigsegv|sigabrt|sigbus|signal 11|signal 6", Bounds.WORD),
            kind(EXIT_CODE, OTHER_ERROR, 1, "exitcode", "(?i)\\bexitcode\\s*:\\s*(-?\\d+)"),

            // ---- disk
            // inotify's ENOSPC is its watch limit, not the disk ("UCX ERROR inotify_add_watch(/tmp) failed: No space
            // left on device" on every rank of a healthy run)
            rx(DISK_FULL, 5, "no space left on device", "^(?!.*inotify).*(?i:no space left on device)"),
            lit(DISK_FULL, 5, "enospc|[errno 28]|disk quota exceeded|edquot|[errno 122]"
                    + "|storagefull|not enough space on the disk|insufficient disk space|not enough disk space"
                    + "|not enough free disk space|disk is full|out of disk space|file write failed"
                    + "|pytorchstreamwriter failed writing|file too large"),
            rx(DISK_FULL, 5, "unexpected pos", "unexpected pos \\d+ vs \\d+"),
            lit(DISK_FULL, 2, "input/output error|[errno 5]"),
            kind(SAVE_FRAME, DISK_FULL, 4, "torch.save|_open_zipfile_writer|pytorchfilewriter|save_pretrained"
                    + "|save_checkpoint|save_model|safe_save_file|save_state|_save(|.save(|np.save|saving checkpoint",
                    null),
            kind(IO_FAIL, DISK_FULL, 4, "cannot be opened|input/output error|[errno 5]|i/o error|write failed"
                    + "|failed to write", null),

            // ---- checkpoint
            lit(CHECKPOINT_CORRUPT, 4, "pytorchstreamreader failed|failed finding central directory"
                    + "|file might be corrupt|unpicklingerror|invalid load key|safetensorerror"
                    + "|error while deserializing header|headertoolarge|metadataincompletebuffer|badzipfile"
                    + "|unable to load weights from|eoferror: ran out of input|runtimeerror: unexpected eof"
                    + "|could not deserialize|datalosserror|checksum does not match|checksum mismatch"
                    + "|incomplete checkpoint|truncated checkpoint|truncated file"
                    // h5py on a weights file that is no HDF5 at all, or cut short (Keras' load_weights on a resume)
                    + "|file signature not found"),
            rx(CHECKPOINT_CORRUPT, 4, "corrupt", "(?i)checkpoint\\S* (?:is|was|seems|appears)? ?(?:to be )?corrupt"
                    + "|corrupt(?:ed)? (?:checkpoint|state dict|model file|shard)"),
            // torch.load's zip reader on a file it found but cannot read as an archive (torch 1.13 on a truncated
            // copy: "OSError: [Errno 22] Invalid argument" under _open_zipfile_reader)
            kind(LOAD_FRAME, CHECKPOINT_CORRUPT, 4, "_open_zipfile_reader(|pytorchfilereader(", null),
            // joblib.load, scikit-learn's documented persistence, on a model file cut short ("ValueError: EOF: reading
            // array data, expected 4200 bytes got 3500" under joblib's reading frames)
            kind(LOAD_FRAME, CHECKPOINT_CORRUPT, 4, "numpy_pickle",
                    "joblib[/\\\\]numpy_pickle\\w*\\.py\", line \\d+, in _?(?:load|unpickle|read)"),
            rx(CHECKPOINT_CORRUPT, 4, "more bytes|not a valid", "(?i)expected \\d+ more bytes|not a valid (?:zip|checkpoint)"),
            lit(CHECKPOINT_CORRUPT, 2, "error(s) in loading state_dict|size mismatch for|missing key(s) in state_dict"),

            // ---- build tools
            lit(MISSING_COMPILER, 4, "cuda_home does not exist|cuda_home environment variable is not set"
                    + "|nvcc fatal|failed to find c compiler|ninja is required|ninja: build stopped"
                    + "|visual c++ 14.0 or greater is required|visual c++ 14.0 is required|invalidcxxcompiler"
                    + "|python.h: no such file"
                    + "|cuda_runtime.h: no such file|cuda_runtime_api.h: no such file|no cuda runtime is found"
                    + "|error building extension|unsupported gnu version|no cmake_cxx_compiler|no cmake_c_compiler"
                    + "|no cmake_cuda_compiler|compileerror: command|is not able to compile a simple test program"),
            rx(MISSING_COMPILER, 4, "not found", "(?:^|[\\s/'\"])(?:gcc|g\\+\\+|c\\+\\+|cc|clang|cl\\.exe"
                    + "|x86_64-linux-gnu-gcc|nvcc|ninja|cmake)['\"]?:? (?:command )?not found"),
            rx(MISSING_COMPILER, 4, "command '", "command '(?:[^']*/)?(?:gcc|g\\+\\+|c\\+\\+|cc|clang"
                    + "|x86_64-linux-gnu-gcc|cl\\.exe|nvcc)' failed"),
            rx(MISSING_COMPILER, 4, "unable to execute '", "unable to execute '[^']*(?:gcc|g\\+\\+|cc|clang)'"),
            rx(MISSING_COMPILER, 4, "no such file or directory: '", "No such file or directory: '(?:[^']*[/\\\\])?"
                    + "(?:gcc|g\\+\\+|cc|c\\+\\+|clang|nvcc|ninja|cmake|cl\\.exe|x86_64-linux-gnu-gcc)'"),
            rx(MISSING_COMPILER, 4, ": no such file or directory", "(?:gcc|nvcc|ninja)[\\w.-]*: No such file or directory"),
            rx(MISSING_COMPILER, 4, " compiler", "(?i)\\bno (?:c|c\\+\\+|cuda) compiler"),
            lit(MISSING_COMPILER, 4, "['ninja', '-v']' returned non-zero"),
            lit(MISSING_COMPILER, 3, "failed building wheel for|could not build wheels for"),

            // ---- dependencies and missing programs
            lit(MISSING_DEPENDENCY, 4, "modulenotfounderror|no module named|importerror|cannot import name"
                    + "|packagenotfounderror|distributionnotfound|versionconflict|undefined symbol"
                    + "|no matching distribution found"
                    + "|could not find a version that satisfies"
                    // torch.compile's backend is not there ("TritonMissing: Cannot find a working triton installation")
                    + "|tritonmissing|cannot find a working triton installation"),
            // TensorFlow's dso_loader says so at W level for optional libraries (TensorRT) and goes on; an import
            // that needs the library fails with this and no such prefix
            rx(MISSING_DEPENDENCY, 4, "cannot open shared object file",
                    "^(?!.*Could not load dynamic library).*cannot open shared object file"),
            rx(MISSING_DEPENDENCY, 4, "but it was not found", "requires the \\S+ library but it was not found"),
            // R's library() and loadNamespace(): "there is no package called ‘glmnet’"
            lit(MISSING_DEPENDENCY, 4, "there is no package called"),
            rx(MISSING_DEPENDENCY, 4, "is not installed", "(?i)error.*\\bis not installed|is not installed.*error"),
            // a shell that cannot find the program it was told to run: "sh: 1: foo: not found", "x.sh: line 3: foo: ..."
            // (SHELL_MISS: not the cause when the job went on long after it)
            kind(SHELL_MISS, MISSING_DEPENDENCY, 4, ": command not found", null),
            kind(SHELL_MISS, MISSING_DEPENDENCY, 4, "not found",
                    "^\\S+: (?:\\d+: |line \\d+: )?(?:\\S+: )?\\S+: (?:command )?not found\\s*$"),
            kind(SHELL_MISS, MISSING_DEPENDENCY, 4, "no such file or directory",
                    "^(?:\\S*sh|/usr/bin/env|exec): (?:\\d+: |line \\d+: )?"
                    + "['\"]?[^\\s:'\"]+['\"]?: No such file or directory"),
            rx(MISSING_DEPENDENCY, 4, "filenotfounderror", "FileNotFoundError: \\[Errno 2\\] No such file or directory: "
                    + "'(?:python[\\d.]*|torchrun|deepspeed|accelerate|git|nvidia-smi|sh|bash|srun|mpirun)'"),
            word(MISSING_DEPENDENCY, 3, "exit code 127|exit status 127|exit code: 127|returned 127", Bounds.WORD),
            // an installed package of the wrong version: a stated minimum ("Minimum required nvidia-resiliency-ext
            // package version is 0.6.0", "version 2.1 or later is required"), or a module without a name its user
            // expects ("module 'numpy' has no attribute 'float'": an API removed or not yet added)
            rx(MISSING_DEPENDENCY, 4, "minimum required|is required", "(?i)\\bminimum required \\S+(?: package)? version"
                    + "|\\bversion [\\d.]+\\S* (?:or (?:higher|later|newer|above) )?is required"),
            rx(MISSING_DEPENDENCY, 3, "has no attribute", "AttributeError: module '[\\w.]+' has no attribute"),
            // an error that names the version it needs ("ValueError: FSDP requires PyTorch >= 2.1.0")
            rx(MISSING_DEPENDENCY, 4, "require", "(?i)(?:error|exception)\\b.*\\brequires? [a-z][\\w.-]*\\s*"
                    + "(?:>=|>|==|~=)\\s*v?\\d"),

            // ---- collectives
            lit(NCCL, 3, "nccl error|ncclsystemerror|ncclinternalerror|ncclremoteerror|nccl_async_error"
                    + "|ncclunhandledcudaerror|ncclinvalidusage|nccl warn|watchdog caught collective"
                    + "|collective operation timeout|distbackenderror|distnetworkerror|diststoreerror"
                    + "|nccl communicator was aborted|socketstartconnect|deadline_exceeded|barrier timed out"
                    + "|timed out waiting for all ranks"
                    // the collective backend asked for is not in this build (PyTorch on Windows and macOS)
                    + "|distributed package doesn't have nccl built in"
                    // the process group's store barrier, missing ranks ("world_size=256, worker_count=247")
                    + "|timed out initializing process group|store based barrier"),
            // torchrun's rendezvous (its C10d store) failing: named as the rendezvous's error, so it outweighs the
            // generic "ConnectionError" inside "RendezvousConnectionError" that would read as a download's
            lit(NCCL, 4, "rendezvoustimeouterror|rendezvousconnectionerror|rendezvousclosederror"
                    + "|the connection to the c10d store has failed"),
            // the transport under MPI's collectives (UCX) reporting an error at its own level
            rx(NCCL, 3, "ucx", "^(?!.*inotify)(?=.*\\bUCX\\s+ERROR\\b)"),
            // Open MPI's own report: ranks that cannot talk, an MPI call's error made fatal
            lit(NCCL, 4, "are unable to reach each other|mpi_errors_are_fatal|mpi_err_intern"),
            rx(NCCL, 3, "processgroupnccl", "ProcessGroupNCCL.*(?:[Tt]imeout|error|abort)"),
            // any NCCL call reported failed: "ncclCommInitRank failed: unhandled system error" (Horovod, TF)
            rx(NCCL, 3, "nccl", "(?i)\\bnccl\\w*(?:\\(\\))? failed"),
            rx(NCCL, 3, "tcpstore", "TCPStore.*(?:timed out|failed|Timeout)"),
            // an error raised while the process group's store is set up is a rendezvous failure, whatever its
            // surface ("host not found: Name or service not known", "Connection refused", "Address already in use")
            rx(NCCL, 4, "rendezvous_handler|_create_c10d_store|tcpstore(",
                    ", in _\\w*rendezvous_handler\\s*$|, in _create_c10d_store\\s*$|^\\s*\\w+(?:, \\w+)* = TCPStore\\("),
            rx(NCCL, 3, "gloo", "(?i)gloo.*(?:error|timed out)"),
            // the monitor's report ("Heartbeat monitor timed out!"), not its frame in every c10d stack trace
            // ("frame #5: c10d::ProcessGroupNCCL::HeartbeatMonitor::runLoop()", teardown noise after a finished run)
            rx(NCCL, 3, "heartbeat", "(?i)^(?!\\s*(?:\\d+: )?frame #\\d+).*heartbeat.*(?:timeout|timed out|monitor)"),
            rx(NCCL, 3, "timed out", "c10d\\b.*timed out"),
            // c10d's own C++ log at error level ("[E socket.cpp:610] [c10d] ... failed to connect to any network
            // address", "[E0323 21:57:08.46 socket.cpp:753] [c10d] ... failed to listen"): the rendezvous store is
            // unreachable; the same words at [W] level are the retries before it and stay warnings
            rx(NCCL, 3, "[c10d]", "(?:^|[^\\w])\\[?E\\d*[^\\]\\[]{0,80}\\]\\s*\\[c10d\\].*(?:fail|error|timed out|refused)"),
            // Ascend's collectives (HCCL, through torch_npu or MindSpore): NCCL's counterpart
            rx(NCCL, 3, "hccl", "(?i)\\bhccl\\w*.*(?:error|fail|time ?out)"),
            lit(NCCL, 2, "connection reset by peer|broken pipe|connection closed by peer"),
            // the rendezvous port taken by another job: "Address already in use at .../THD/process_group/General.cpp",
            // "The server socket has failed to bind to [::]:29500 (errno: 98 - Address already in use)"
            rx(NCCL, 3, "address already in use", "(?i)address already in use.*(?:process_group|c10d|tcpstore"
                    + "|distributed|thd|gloo|nccl|rendezvous)|(?:process_group|c10d|tcpstore|distributed|thd|gloo|nccl"
                    + "|rendezvous).*address already in use"),
            lit(NCCL, 3, "the server socket has failed to listen|the server socket has failed to bind"),

            // ---- network while fetching data, weights or code
            // a traceback through a download ("download_weights(modeltype, ..)", "in download_url"): a reset or a
            // timeout there is the network's, not a collective's
            rx(NETWORK_HUB, 3, "[errno 110]", "(?i)\\[Errno 110\\] Connection timed out"),
            rx(NETWORK_HUB, 3, "download", "(?i)(?:\\bdownload\\w*\\(|, in \\w*download\\w*$)"),
            // the standard library's and Keras' fetchers in the traceback ("in urlretrieve", "in get_file")
            rx(NETWORK_HUB, 3, "urlretrieve|get_file|urlopen", ", in (?:urlretrieve|get_file|urlopen)\\s*$"),
            lit(NETWORK_HUB, 4, "httpsconnectionpool|httpconnectionpool|max retries exceeded|newconnectionerror"
                    + "|name or service not known|temporary failure in name resolution|nodename nor servname"
                    + "|getaddrinfo failed|connecttimeout|readtimeout|requests.exceptions|urllib3.exceptions"
                    + "|localentrynotfounderror|offlinemodeisenabled|hfhubhttperror|repositorynotfounderror"
                    + "|gatedrepoerror|couldn't connect to|429 client error|too many requests|sslerror"
                    + "|certificate_verify_failed|wandb: network error|wandb.errors|commerror|connection aborted"
                    + "|proxyerror|remotedisconnected|incompleteread|chunkedencodingerror|network is unreachable"
                    + "|socket.gaierror|urlerror|run initialization has timed out|could not resolve host"
                    + "|unable to resolve host|failed to resolve|nameresolutionerror|unable to access 'http"
                    + "|no address associated with hostname|connectionerror|couldn't reach|500 server error"
                    + "|502 server error|503 server error|504 server error|service unavailable|bad gateway"
                    + "|gateway time-out|gateway timeout"),
            rx(NETWORK_HUB, 4, "httperror|http error", "(?i)HTTP ?Error:?\\s*(?:5\\d\\d|429)"),
            rx(NETWORK_HUB, 4, "cannot reach", "(?i)cannot reach .*huggingface"),

            // ---- NaN / Inf and mixed-precision collapse
            lit(NAN_LOSS, 4, "loss is nan|loss is inf|nan loss|non-finite loss|inf or nan|nan and inf"
                    + "|found nan|found inf|detected nan|detected inf|nan detected|inf detected|encountered nan"
                    + "|encountered inf|returned nan values|loss scale already at minimum|minimum loss scale reached"
                    + "|loss scale reached minimum|floatingpointerror|loss became nan|loss becomes nan|loss went nan"
                    + "|loss is now nan|nan/inf|contains nan|nan values"),
            // tensorboardX's "NaN or Inf found in input tensor" is any logged scalar (a grad norm on an fp16 overflow
            // step, an empty metric): the loss itself says whether training diverged
            rx(NAN_LOSS, 4, "nan or inf", "(?i)nan or inf(?! found in input tensor)"),
            kind(NAN_PHRASE, NAN_LOSS, 4, "nan|nans", null, Bounds.WORD),
            kind(NAN_VALUE, NAN_LOSS, 4, "nan|inf", null, Bounds.WORD),
            // PaddleOCR pads each logged value to six characters with 'x' ("loss: nanxxx", "-infxx")
            kind(NAN_VALUE, NAN_LOSS, 4, "nanxxx|infxx", null),
            kind(LOSS_SCALE, NAN_LOSS, 3, "reducing loss scale to|reducing to|setting loss scale to",
                    "(?:[Rr]educing|setting) (?:loss scale )?to:?\\s*([0-9.eE+-]+)"),
            rx(NAN_LOSS, 3, "nan iterations", "(?i)number of nan iterations:\\s*[1-9]"),
            // a trainer's own fp16 guard giving up on a scale that keeps shrinking ("grad_scale is too small, exiting")
            lit(NAN_LOSS, 4, "grad_scale is too small|grad scale is too small|loss scale is too small"
                    + "|loss_scale is too small"),
            // an error whose message ends on the NaN or Inf that stopped it (torchdiffeq's "AssertionError:
            // underflow in dt nan": the solver's step size went NaN with the dynamics); anchored on the NaN or Inf
            // word the line must end with, which far fewer lines hold than "error: "
            rx(NAN_LOSS, 4, "nan|inf", "(?i)^\\s*[\\w.]*(?:Error|Exception): .*[\\s=:(](?:nan|-?inf)\\)?\\s*$",
                    Bounds.WORD),

            // ---- the platform stopped the job
            lit(PREEMPTION_SIGTERM, 4, "due to preemption|due to job requeue|due to time limit|due to node fail"
                    + "|preemption notice|preemption signal|preemption detected|preemption event"
                    + "|spot instance interruption|spot interruption|maintenance event|terminated by signal"
                    + "|signalexception|exit code 143|signals.sigterm|signals.sighup|signal.sigterm|sigterm received"
                    + "|sighup received|received sigterm|got sigterm|caught sigterm|received signal sigterm"),
            rx(PREEMPTION_SIGTERM, 4, "preempted", "(?i)\\bpreempted\\b"),
            // Slurm cancelled the job from outside (scancel, a limit); a STEP cancelled with no reason is srun
            // ending the step after one of its tasks failed, which says nothing of the cause
            rx(PREEMPTION_SIGTERM, 4, "cancelled at", "(?i)(?:\\bJOB\\b.*|^(?!.*\\bSTEP\\b).*)CANCELLED AT"),
            rx(PREEMPTION_SIGTERM, 1, "cancelled at", "(?i)\\bSTEP\\b.*CANCELLED AT"),
            // LSF's termination reasons (bjobs -l, the job report mail) for a job stopped from outside: run, CPU or
            // wall-clock limit, preemption, requeue, a kill by its owner or an administrator; PBS/Torque's walltime
            lit(PREEMPTION_SIGTERM, 4, "term_runlimit|term_cpulimit|term_preempt|term_requeue_|term_owner"
                    + "|term_admin|term_force_|term_deadline|term_external_signal|term_window"),
            rx(PREEMPTION_SIGTERM, 4, "job killed: ", "(?i)job killed: (?:walltime|cput) .*exceeded limit"),
            // the shell's report of a job ended by SIGUSR1/2, the signal schedulers send ahead of a time limit
            rx(PREEMPTION_SIGTERM, 3, "user defined signal", "^\\s*User defined signal [12]\\s*$"),
            rx(PREEMPTION_SIGTERM, 4, "evicted", "\\bEvicted\\b"),
            rx(PREEMPTION_SIGTERM, 4, "death signal", "Received \\d+ death signal"),
            rx(PREEMPTION_SIGTERM, 4, "sigterm|sighup|sigint|sigusr",
                    "(?i)(?:received|got|caught)(?: the)? (?:signal:? )?SIG(?:TERM|HUP|INT|USR[12])"),
            word(PREEMPTION_SIGTERM, 4, "signal 15|signal: 15", Bounds.WORD),
            rx(PREEMPTION_SIGTERM, 4, "terminated|hangup", "^\\s*(?:Terminated|Hangup)\\s*$"),
            lit(PREEMPTION_SIGTERM, 3, "keyboardinterrupt"),
            // PaddlePaddle's signal report ("*** SIGTERM (@0x120359) received by PID 1180587 ...", "FatalError:
            // `Termination signal` is detected by the operating system") and its DataLoader's echo of it
            kind(SIGNAL_REPORT, PREEMPTION_SIGTERM, 4, "received by pid",
                    "(?i)\\bSIG(?:TERM|HUP|INT)\\b \\(@0x[0-9a-f]+\\) received by PID"),
            kind(SIGNAL_REPORT, PREEMPTION_SIGTERM, 4, "`termination signal` is detected", null),
            kind(SIGNAL_REPORT, PREEMPTION_SIGTERM, 3, "killed by signal: terminated", null),
            rx(PREEMPTION_SIGTERM, 1, "closing signal", "closing signal SIG(?:TERM|HUP|INT)"),

            // ---- generic crash markers
            lit(OTHER_ERROR, 1, "traceback (most recent call last)|segmentation fault|core dumped|fatal python error"
                    + "|terminate called|childfailederror|returned non-zero exit status"),
            // a logger's error level: an error the trainer reported, and maybe handled (a failed memory probe, a
            // metric that could not be logged); a crash only when no training progress follows it
            kind(LOGGED_ERROR, OTHER_ERROR, 1, "] error | - error - ", null),
            rx(OTHER_ERROR, 1, "exited with", "exited with (?:exit )?code [1-9]"),
            // Hydra's report of an exception in the job it ran ("Error executing job with overrides: []"), whose
            // exception line may be its repr, TypeError("..."), rather than "TypeError: .."
            lit(OTHER_ERROR, 2, "error executing job with overrides|error in call to target"),
            // argparse's refusal of the command line, after its usage block: the job never started
            rx(OTHER_ERROR, 3, ": error: ", "^\\S+: error: (?:argument |unrecognized arguments|the following arguments"
                    + " are required|one of the arguments|ambiguous option|invalid choice|too few arguments)"),
            rx(OTHER_ERROR, 1, "aborted", "\\bAborted\\b"),
            // a native program's own failure report: darknet's "Error: l.outputs == ..." (after "Darknet error
            // location: ./src/parser.c"), glibc's "*** Error in `python3'", a printed backtrace
            rx(OTHER_ERROR, 2, "error: ", "^Error: [A-Za-z]"),
            // programs that end with one line of their own: Rscript after any uncaught error ("Error in f(x) : ..",
            // then "Execution halted"), SentencePiece's and absl's fatal check, libsvm's and liblinear's input reader
            lit(OTHER_ERROR, 2, "execution halted|program terminated with an unrecoverable error"
                    + "|wrong input format at line"),
            lit(OTHER_ERROR, 2, "error location:|*** error in `|======= backtrace: ========="),
            rx(OTHER_ERROR, 2, "backtrace (", "^backtrace \\(\\d+ entries\\)"),
            rx(OTHER_ERROR, 1, "fatal", "\\bFATAL\\b"),
            rx(OTHER_ERROR, 1, "failed (exitcode", "failed \\(exitcode: -?[1-9]"),
            kind(EXCEPTION, OTHER_ERROR, 2, "error|exception", null, Bounds.NAME_END),

            // ---- structure
            kind(FAILURES_SECTION, OTHER_ERROR, 0, "failures:", "^\\s*Failures:\\s*$"),
            kind(ROOT_SECTION, OTHER_ERROR, 0, "root cause", "^\\s*Root Cause"),
            kind(ATTEMPT, OTHER_ERROR, 0, "=== babysitter attempt", null));

    /** Exceptions that only wrap or report another failure: a marker of failure, never the root cause. */
    static final Set<String> WRAPPER_EXCEPTIONS = Set.of("ChildFailedError", "CalledProcessError", "CancelledError",
            "ProcessExitedException", "ProcessRaisedException", "SubprocessError");

    private FailureSignals() {
    }

    private static FailureRule lit(FailureClass cls, int weight, String anchors) {
        return new FailureRule(PLAIN, cls, weight, List.of(anchors.split("\\|")), null, Bounds.NONE);
    }

    /** Literal anchors that must stand as words ("signal 9" but not "signal 90"). */
    private static FailureRule word(FailureClass cls, int weight, String anchors, Bounds bounds) {
        return new FailureRule(PLAIN, cls, weight, List.of(anchors.split("\\|")), null, bounds);
    }

    private static FailureRule rx(FailureClass cls, int weight, String anchors, String regex) {
        return rx(cls, weight, anchors, regex, Bounds.NONE);
    }

    private static FailureRule rx(FailureClass cls, int weight, String anchors, String regex, Bounds bounds) {
        return new FailureRule(PLAIN, cls, weight, List.of(anchors.split("\\|")), Pattern.compile(regex), bounds);
    }

    private static FailureRule kind(FailureRule.Kind kind, FailureClass cls, int weight, String anchors, String regex) {
        return kind(kind, cls, weight, anchors, regex, Bounds.NONE);
    }

    private static FailureRule kind(FailureRule.Kind kind, FailureClass cls, int weight, String anchors, String regex,
            Bounds bounds) {
        return new FailureRule(kind, cls, weight, List.of(anchors.split("\\|")),
                regex == null ? null : Pattern.compile(regex), bounds);
    }
}
