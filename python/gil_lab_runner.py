"""GIL Lab's runner: one round of one of the lab's workloads in real Python, in one of its modes.

The lab starts it as `python -u gil_lab_runner.py` and writes one line of JSON on stdin: the
round's request. The runner answers in lines of JSON on stdout (see gil_lab_workloads.emit):
hello (the interpreter's facts), refused (one line saying why this Python can't), sized, one
worker line per worker (its OS thread and process), started, each task's start and finish,
worker-lost, and done (wall time and the checked answers). It never runs anything but the lab's
own workloads. It ends itself when stdin closes or its parent dies, and so do its workers.
"""
import sys

if sys.version_info < (3, 9):
    sys.stdout.write('{"type":"refused","reason":"Python %d.%d is older than 3.9"}\n' % sys.version_info[:2])
    sys.exit(0)

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402

import gil_lab_probe as probe  # noqa: E402
import gil_lab_workloads as w  # noqa: E402
from gil_lab_pools import make_pool, WorkerLost, exit_with_parent  # noqa: E402

CALIBRATE_MIN_MS = 60.0


def calibrate(kernel, size, target_ms):
    """The size that takes target_ms of this thread's CPU time, timed in this interpreter."""
    while True:
        t0 = time.thread_time()
        kernel(size)
        elapsed = (time.thread_time() - t0) * 1000.0
        if elapsed >= CALIBRATE_MIN_MS:
            return max(1, int(size * target_ms / elapsed))
        size *= 2 if elapsed > CALIBRATE_MIN_MS / 4 else 8


class Plan:
    """A round's tasks, the size they were given, and how their answers are checked."""

    def __init__(self, specs, size, shown, check, cleanup=None):
        self.specs, self.size, self.shown, self.check, self.cleanup = specs, size, shown, check, cleanup


def every(expected, what):
    def check(results):
        wrong = sum(1 for r in results if str(r) != str(expected))
        return {"ok": wrong == 0, "note": "%d %s" % (wrong, what) if wrong else ""}

    return check


def plan_round(req, pool_kind):
    wl, tasks, ms = req["workload"], req["tasks"], req.get("taskMs")
    size = req.get("size") or {}
    if wl in ("cpu", "convoy"):
        target = ms or (2000.0 if wl == "convoy" else 1000.0)
        n = size.get("n") or calibrate(w.cpu_kernel, 20000, target)
        cpu = {"kind": "cpu", "n": n}
        if wl == "cpu":
            return Plan([cpu] * tasks, {"n": n}, {"workload": "cpu", "n": n}, every(w.cpu_expected(n), "wrong sums"))
        probe_spec = {"kind": "io-loop", "durationMs": target, "ioMs": 1.0}

        def convoy_check(results):
            loops = results[0] if isinstance(results[0], int) else 0
            rate = 1000.0 * loops / target
            note = "the I/O loop ran %d times a second" % round(rate)
            return {"ok": loops > 0, "note": note, "ioLoop": {"loops": loops, "loopsPerSecond": rate}}

        shown = {"workload": "convoy", "ioMs": 1, "cpuTasks": tasks - 1, "n": n}
        return Plan([probe_spec] + [cpu] * (tasks - 1), {"n": n}, shown, convoy_check)
    if wl == "hash":
        rounds = size.get("rounds") or calibrate(w.hash_kernel, 1, ms or 1000.0)
        spec = {"kind": "hash", "rounds": rounds}
        return Plan([spec] * tasks, {"rounds": rounds}, {"workload": "hash", "mib": rounds}, every(w.hash_expected(rounds), "wrong digests"))
    if wl == "io-sleep":
        wait = ms or 200.0

        def slept(results):
            short = sum(1 for r in results if not isinstance(r, float) or r < wait - 1)
            return {"ok": short == 0, "note": "%d waits ended early" % short if short else ""}

        return Plan([{"kind": "io-sleep", "ms": wait}] * tasks, {}, {"workload": "io-sleep", "ms": wait}, slept)
    if wl == "io-file":
        data = os.urandom(8 * 1024 * 1024)
        fd, path = tempfile.mkstemp(prefix="gil-lab-", suffix=".bin")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        spec = {"kind": "io-file", "path": path}
        return Plan([spec] * tasks, {}, {"workload": "io-file", "bytes": len(data)}, every(zlib.crc32(data), "wrong checksums"), lambda: os.unlink(path))
    if wl == "tiny":
        return Plan([{"kind": "tiny", "n": 100}] * tasks, {}, {"workload": "tiny", "n": 100}, every(4950, "wrong sums"))
    if wl == "transfer":
        payload = os.urandom(req["payloadBytes"])
        spec = {"kind": "transfer", "payload": payload}
        how = "pickled to each process" if pool_kind == "processes" else "shared, not copied"
        shown = {"workload": "transfer", "payloadBytes": len(payload), "payload": how}
        return Plan([spec] * tasks, {}, shown, every(zlib.crc32(payload), "payloads arrived damaged"))
    if wl == "counter":
        return plan_counter(req, pool_kind)
    raise ValueError("the python backend has no workload %s" % wl)


def plan_counter(req, pool_kind):
    variant, tasks = req["counterVariant"], req["tasks"]
    shared = pool_kind == "processes" and req.get("sharedMemory")
    own = pool_kind == "processes" and not shared
    times = 100_000 if shared else 1_000_000
    spec = {"kind": "counter", "times": times, "variant": variant, "ownCopy": own}
    expected = times * tasks
    w.counter = 0

    def check(results):
        if own:
            returned = sum(r for r in results if isinstance(r, int))
            counter = {"expected": expected, "final": 0, "lost": expected, "returned": returned}
            return {"ok": True, "note": "each process counted its own copy; the parent still sees 0", "counter": counter}
        final = shared_value.value if shared else w.counter
        note = "%d of %d updates lost" % (expected - final, expected)
        return {"ok": True, "note": note, "counter": {"expected": expected, "final": final, "lost": expected - final}}

    shared_value = None
    if shared:
        import multiprocessing

        shared_value = multiprocessing.Value("i", 0)
    shown = {"workload": "counter", "times": times, "variant": variant, "sharedValue": bool(shared)}
    plan = Plan([spec] * tasks, {}, shown, check)
    plan.shared_value = shared_value
    return plan


def read_request():
    """The first line on stdin, read from the descriptor itself: sys.stdin's buffer has a lock
    that a forked worker process would find held by the watcher thread, and hang closing it."""
    data = b""
    while b"\n" not in data:
        chunk = os.read(0, 65536)
        if not chunk:
            raise ValueError("stdin closed before the request")
        data += chunk
    return json.loads(data.split(b"\n", 1)[0])


def watch_stdin():
    """The lab holds stdin open for the whole round; EOF means it has gone, so the runner goes too."""
    try:
        while os.read(0, 4096):
            pass
    finally:
        os._exit(70)


def children():
    """This process's child pids: from /proc on Linux, else the ones multiprocessing started."""
    pids = set()
    try:
        for tid in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/children" % tid) as f:
                pids.update(int(p) for p in f.read().split())
    except OSError:
        import multiprocessing

        pids.update(p.pid for p in multiprocessing.active_children())
    return pids


def end_with_children(signum, frame):
    """Stopped by the lab: kill the worker processes and reap them, so none is left behind as an
    orphan for init to collect, then go."""
    kids = children()
    for pid in kids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in kids:
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
    os._exit(143)


# What the runner is doing, so a failure says where it happened.
stage = "reading the request"


def at(what):
    global stage
    stage = what


def main():
    req = read_request()
    signal.signal(signal.SIGTERM, end_with_children)
    exit_with_parent()
    threading.Thread(target=watch_stdin, name="gil-lab-stdin", daemon=True).start()
    # Nothing but the lab's messages may reach the channel.
    sys.stdout = sys.stderr
    facts = probe.facts()
    w.emit(dict(facts, type="hello", pid=os.getpid()))
    mode = req["mode"]
    reason = probe.mode_refusals(facts)[mode] or probe.workload_refusal(mode, req["workload"])
    if reason is None and mode == "threads-free" and facts["gilEnabled"]:
        reason = "this free-threaded Python switched the GIL on at run time (an extension may need it)"
    if reason is None and mode == "threads-gil" and facts["gilEnabled"] is False:
        reason = "this Python runs without a GIL here, so it can't show GIL threads"
    if reason:
        w.emit({"type": "refused", "reason": reason})
        return
    sys.setswitchinterval(req["switchIntervalMs"] / 1000.0)
    at("preparing the round's tasks")
    pool_kind = "processes" if mode == "processes" else mode
    plan = plan_round(req, pool_kind)
    w.emit({"type": "sized", "size": plan.size, "shown": plan.shown})
    workers = 1 if mode in ("sequential", "asyncio") else req["workers"]
    at("starting the workers")
    pool = make_pool(mode, workers, req["switchIntervalMs"], getattr(plan, "shared_value", None))
    try:
        pool.start()
        at("running the tasks")
        w.emit({"type": "started", "t": w.now_ms()})
        t0 = time.perf_counter()
        try:
            outcomes = pool.run(plan.specs)
        except WorkerLost as lost:
            w.emit({"type": "worker-lost", "worker": lost.worker, "reason": lost.reason})
            w.emit({"type": "done", "wallMs": (time.perf_counter() - t0) * 1000.0, "ok": False, "note": lost.reason, "failed": True})
            return
        wall_ms = (time.perf_counter() - t0) * 1000.0
        at("checking the answers")
        errors = [e for _, e in outcomes if e]
        check = plan.check([r for r, _ in outcomes])
        if errors:
            check = dict(check, ok=False, note="%d %s failed: %s" % (len(errors), "task" if len(errors) == 1 else "tasks", errors[0]))
        w.emit(dict(check, type="done", wallMs=wall_ms, failed=False))
    finally:
        pool.close()
        if plan.cleanup:
            plan.cleanup()


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # noqa: BLE001 -- one line to the lab, never a silent death
        w.emit({"type": "error", "reason": "%s while %s" % (w.describe_error(exc), stage)})
        sys.stderr.flush()
        os._exit(1)
    sys.stderr.flush()
    os._exit(0)
