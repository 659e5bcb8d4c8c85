"""GIL Lab's workloads as Python, run by gil_lab_runner.py in threads, processes, sub-interpreters
or one event loop. Each task function returns its answer; the runner checks every answer against
one computed another way. Messages to the lab go out as single os.write calls on fd 1, each under
PIPE_BUF bytes, so lines from threads, processes and interpreters never interleave.
Needs Python 3.9 or newer.
"""
import hashlib
import json
import os
import threading
import time
import zlib

CHANNEL_FD = 1


def emit(message):
    """One line of JSON to the lab: a single write, so it arrives whole."""
    os.write(CHANNEL_FD, (json.dumps(message, separators=(",", ":")) + "\n").encode())


def now_ms():
    return time.time() * 1000.0


def native_id():
    # threading.get_native_id is 3.8+; the lab asks for 3.9+, so it is always there.
    return threading.get_native_id()


# --- the kernels -----------------------------------------------------------------------------


def cpu_kernel(n):
    """The articles' own CPU-bound task."""
    return sum(i * i for i in range(n))


def cpu_expected(n):
    """The same sum by its closed form."""
    return (n - 1) * n * (2 * n - 1) // 6


HASH_CHUNK = bytes(range(256)) * 4096  # 1 MiB: hashlib releases the GIL above 2 KiB


def hash_kernel(rounds):
    """SHA-256 over `rounds` MiB, in 1 MiB updates (each one native code that releases the GIL)."""
    digest = hashlib.sha256()
    for _ in range(rounds):
        digest.update(HASH_CHUNK)
    return digest.hexdigest()


def hash_expected(rounds):
    """The same stream hashed in 4 MiB updates: a different path to the same digest."""
    digest = hashlib.sha256()
    big = HASH_CHUNK * 4
    for _ in range(rounds // 4):
        digest.update(big)
    for _ in range(rounds % 4):
        digest.update(HASH_CHUNK)
    return digest.hexdigest()


def io_sleep_kernel(ms):
    """A wait with the GIL released, as a socket read is; returns the ms actually waited."""
    start = time.perf_counter()
    time.sleep(ms / 1000.0)
    return (time.perf_counter() - start) * 1000.0


def io_file_kernel(path):
    """Reads the file in 64 KiB blocks (each read releases the GIL); returns its CRC-32."""
    crc = 0
    with open(path, "rb", buffering=0) as f:
        while True:
            block = f.read(65536)
            if not block:
                return crc
            crc = zlib.crc32(block, crc)


def tiny_kernel(n):
    return sum(range(n))


def transfer_kernel(payload):
    """What a worker does with a payload it was sent: checks it arrived whole."""
    return zlib.crc32(payload)


def io_loop_kernel(duration_ms, io_ms):
    """The convoy's probe: sleep io_ms, over and over, for duration_ms; returns the loop count."""
    end = time.perf_counter() + duration_ms / 1000.0
    loops = 0
    while time.perf_counter() < end:
        time.sleep(io_ms / 1000.0)
        loops += 1
    return loops


# --- the counter -----------------------------------------------------------------------------

counter = 0
counter_lock = threading.Lock()
shared_value = None  # a multiprocessing.Value, set in each worker process by the pool's initializer


def noop():
    pass


def counter_kernel(times, variant, own_copy=False):
    """`counter += 1`, `times` times: plain, with a call between the read and the write, or locked.
    On processes without shared memory each process counts its own copy and sends it back."""
    global counter
    if shared_value is not None:
        return shared_value_kernel(times, variant)
    if own_copy:
        counter = 0
    if variant == "plain":
        for _ in range(times):
            counter += 1
    elif variant == "call-between":
        for _ in range(times):
            value = counter
            noop()
            counter = value + 1
    else:
        for _ in range(times):
            with counter_lock:
                counter += 1
    return counter


def shared_value_kernel(times, variant):
    """multiprocessing.Value: each read and write takes its lock, but `+=` is a read, then a write."""
    v = shared_value
    if variant == "lock":
        for _ in range(times):
            with v.get_lock():
                v.value += 1
    else:
        for _ in range(times):
            v.value += 1
    return 0


# --- one task, as every mode runs it ---------------------------------------------------------

KERNELS = {
    "cpu": lambda spec: cpu_kernel(spec["n"]),
    "hash": lambda spec: hash_kernel(spec["rounds"]),
    "io-sleep": lambda spec: io_sleep_kernel(spec["ms"]),
    "io-file": lambda spec: io_file_kernel(spec["path"]),
    "tiny": lambda spec: tiny_kernel(spec["n"]),
    "transfer": lambda spec: transfer_kernel(spec["payload"]),
    "counter": lambda spec: counter_kernel(spec["times"], spec["variant"], spec.get("ownCopy", False)),
    "io-loop": lambda spec: io_loop_kernel(spec["durationMs"], spec["ioMs"]),
}


def wire_value(result):
    """An answer as JSON carries it exactly: integers past 2**53 as text."""
    if isinstance(result, bool) or not isinstance(result, (int, float, str)):
        return None
    if isinstance(result, int) and abs(result) >= 2**53:
        return str(result)
    return result


# What an exception that carries no message of its own means, so the lab's line says why.
SILENT_ERRORS = {
    "MemoryError": "this Python ran out of memory",
    "KeyboardInterrupt": "interrupted by SIGINT",
    "RecursionError": "too deep a recursion",
}


def describe_error(exc):
    """An exception as one line for the lab: its type, then its message or what the type means."""
    name = type(exc).__name__
    message = " ".join(str(exc).split())[:300] or SILENT_ERRORS.get(name, "no message")
    return "%s: %s" % (name, message)


def run_task(index, spec, worker=None):
    """Runs one task and tells the lab when it started and finished, on which OS thread, with
    its CPU time and its answer (or the error it raised). Returns the answer for the runner."""
    tid = native_id()
    emit({"type": "task-started", "task": index, "worker": worker, "tid": tid, "t": now_ms()})
    cpu0 = time.thread_time()
    result, error = None, None
    try:
        result = KERNELS[spec["kind"]](spec)
    except BaseException as exc:  # noqa: BLE001 -- a task's failure is reported, never fatal
        error = describe_error(exc)
    cpu_ms = (time.thread_time() - cpu0) * 1000.0
    emit(
        {
            "type": "task-finished",
            "task": index,
            "worker": worker,
            "tid": tid,
            "t": now_ms(),
            "cpuMs": cpu_ms,
            "result": wire_value(result),
            "error": error,
        }
    )
    return result, error


def announce_worker(worker):
    """Each worker says once which OS thread (and process) it is, so its lane gets its number."""
    emit({"type": "worker", "worker": worker, "pid": os.getpid(), "tid": native_id()})
