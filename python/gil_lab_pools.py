"""The pools GIL Lab's runner hands tasks to, one per mode: threads (threading, under the GIL or
free-threaded), processes (a ProcessPoolExecutor on the default start method), sub-interpreters
(an InterpreterPoolExecutor, 3.14+) and one asyncio event loop. Each starts warm: every worker
exists and has announced its OS thread before the round's clock starts.
"""
import asyncio
import os
import queue
import signal
import sys
import threading
import time

import gil_lab_workloads as w

WARM_TIMEOUT_S = 20.0


class WorkerLost(Exception):
    def __init__(self, worker, reason):
        super().__init__(reason)
        self.worker, self.reason = worker, reason


def exit_with_parent():
    """Dies with the process that started this one: the kernel's parent-death signal on Linux,
    else a thread that watches the parent's pid."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
            if os.getppid() != parent:
                os._exit(71)
            return
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(71)

    threading.Thread(target=watch, name="gil-lab-parent-watch", daemon=True).start()


class ThreadPool:
    """N threading.Threads taking tasks from one queue: the articles' threads, GIL or not."""

    def __init__(self, workers):
        self.workers = workers
        self.tasks = queue.Queue()
        self.results = {}
        self.ready = threading.Barrier(workers + 1)
        self.threads = [threading.Thread(target=self.work, args=(i,), name="worker-%d" % i) for i in range(workers)]

    def work(self, worker):
        w.announce_worker(worker)
        self.ready.wait()
        while True:
            item = self.tasks.get()
            if item is None:
                return
            index, spec = item
            self.results[index] = w.run_task(index, spec, worker)

    def start(self):
        for t in self.threads:
            t.start()
        self.ready.wait(WARM_TIMEOUT_S)

    def run(self, specs):
        for item in enumerate(specs):
            self.tasks.put(item)
        for _ in self.threads:
            self.tasks.put(None)
        for t in self.threads:
            t.join()
        return [self.results[i] for i in range(len(specs))]

    def close(self):
        pass


# Set in each worker process by its initializer.
_worker_number = None
_numbering = None


def _init_process(numbering, switch_interval_ms, shared_value):
    global _worker_number, _numbering
    _numbering = numbering
    exit_with_parent()
    sys.setswitchinterval(switch_interval_ms / 1000.0)
    w.shared_value = shared_value
    with numbering.get_lock():
        _worker_number = numbering.value
        numbering.value += 1
    w.announce_worker(_worker_number)


def _warm(workers):
    """Holds a worker until every worker has started, so the pool spawns them all."""
    end = time.monotonic() + WARM_TIMEOUT_S
    while _numbering.value < workers and time.monotonic() < end:
        time.sleep(0.005)


def _task_in_process(index, spec):
    return w.run_task(index, spec, _worker_number)


class ProcessPool:
    """A ProcessPoolExecutor on the interpreter's default start method (reported in hello)."""

    def __init__(self, workers, switch_interval_ms, shared_value):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context()
        self.workers = workers
        self.numbering = ctx.Value("i", 0)
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_process,
            initargs=(self.numbering, switch_interval_ms, shared_value),
        )

    def start(self):
        warm = [self.executor.submit(_warm, self.workers) for _ in range(self.workers)]
        for f in warm:
            f.result(WARM_TIMEOUT_S)
        self.processes = dict(getattr(self.executor, "_processes", {}) or {})

    def run(self, specs):
        from concurrent.futures.process import BrokenProcessPool

        futures = [self.executor.submit(_task_in_process, i, spec) for i, spec in enumerate(specs)]
        try:
            return [f.result() for f in futures]
        except BrokenProcessPool:
            raise WorkerLost(*self.who_died())

    def who_died(self):
        """The worker that ended the pool: one killed by a signal first, as the others are only
        stopped after it by the broken pool."""
        time.sleep(0.05)
        ended = [(pid, p.exitcode) for pid, p in self.processes.items() if p.exitcode is not None]
        ended.sort(key=lambda item: item[1] >= 0)
        if not ended:
            return None, "a worker process ended abruptly; the pool broke"
        pid, code = ended[0]
        if code < 0:
            name = signal.Signals(-code).name
            why = "was killed by %s" % name
            if name == "SIGKILL":
                why += " (as the kernel's out-of-memory killer does)"
        else:
            why = "exited with code %d" % code
        return None, "worker process %d %s; the pool broke and the round's other tasks were dropped" % (pid, why)

    def close(self):
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in getattr(self, "processes", {}).values():
            if proc.is_alive():
                proc.kill()


class InterpreterPool:
    """An InterpreterPoolExecutor: each worker a sub-interpreter with its own GIL (3.14+)."""

    def __init__(self, workers):
        from concurrent.futures import InterpreterPoolExecutor

        self.workers = workers
        self.executor = InterpreterPoolExecutor(
            max_workers=workers, initializer=w.announce_worker, initargs=(None,)
        )

    def start(self):
        for f in [self.executor.submit(time.sleep, 0.2) for _ in range(self.workers)]:
            f.result(WARM_TIMEOUT_S)

    def run(self, specs):
        futures = [self.executor.submit(w.run_task, i, spec, None) for i, spec in enumerate(specs)]
        return [f.result() for f in futures]

    def close(self):
        self.executor.shutdown(wait=False, cancel_futures=True)


class AsyncioPool:
    """One event loop on one thread: every task a coroutine, its waits overlapping, its CPU not."""

    def __init__(self):
        self.results = {}

    def start(self):
        w.announce_worker(0)

    async def task(self, index, spec):
        await asyncio.sleep(0)
        if spec["kind"] != "io-sleep":
            self.results[index] = w.run_task(index, spec, 0)
            return
        tid = w.native_id()
        w.emit({"type": "task-started", "task": index, "worker": 0, "tid": tid, "t": w.now_ms()})
        cpu0, t0 = time.thread_time(), time.perf_counter()
        await asyncio.sleep(spec["ms"] / 1000.0)
        waited = (time.perf_counter() - t0) * 1000.0
        cpu_ms = (time.thread_time() - cpu0) * 1000.0
        w.emit({"type": "task-finished", "task": index, "worker": 0, "tid": tid, "t": w.now_ms(), "cpuMs": cpu_ms, "result": waited, "error": None})
        self.results[index] = (waited, None)

    def run(self, specs):
        async def everything():
            await asyncio.gather(*(self.task(i, spec) for i, spec in enumerate(specs)))

        asyncio.run(everything())
        return [self.results[i] for i in range(len(specs))]

    def close(self):
        pass


def make_pool(mode, workers, switch_interval_ms, shared_value):
    if mode == "processes":
        return ProcessPool(workers, switch_interval_ms, shared_value)
    if mode == "interpreters":
        return InterpreterPool(workers)
    if mode == "asyncio":
        return AsyncioPool()
    return ThreadPool(workers)
