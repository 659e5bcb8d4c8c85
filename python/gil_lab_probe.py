"""GIL Lab's look at an interpreter: prints one line of JSON with its version, build (with the GIL
or free-threaded), whether the GIL is on at run time, its default start method, and which of the
lab's modes it can run (null) or why not. Written so that any Python, old ones included, can run
it and say what it is; the runner (3.9+) asks mode_refusals() the same question before a round.
"""
import json
import sys

MIN_VERSION = (3, 9)
MODES = ["sequential", "threads-gil", "threads-free", "processes", "interpreters", "asyncio"]
# One event loop on one thread: its I/O waits overlap, its CPU work runs one piece after another.
ASYNCIO_WORKLOADS = ["cpu", "io-sleep", "io-file", "tiny"]


def facts():
    import sysconfig

    try:
        import multiprocessing

        start_method = multiprocessing.get_start_method(allow_none=False)
    except Exception:  # noqa: BLE001 -- a build without multiprocessing says so below
        start_method = None
    gil_check = getattr(sys, "_is_gil_enabled", None)
    try:
        from concurrent.futures import InterpreterPoolExecutor  # noqa: F401

        has_interpreters = True
    except ImportError:
        has_interpreters = False
    return {
        "probe": "gil-lab",
        "executable": sys.executable,
        "version": list(sys.version_info[:3]),
        "implementation": sys.implementation.name if hasattr(sys, "implementation") else "cpython",
        "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gilEnabled": gil_check() if gil_check is not None else None,
        "startMethod": start_method,
        "interpreterPool": has_interpreters,
    }


def mode_refusals(f):
    """For each mode, null if this interpreter can run it, else one line saying why not."""
    version = tuple(f["version"])
    vtext = ".".join(str(v) for v in version)
    if version < MIN_VERSION:
        old = "Python %s is older than 3.9, the oldest GIL Lab runs" % vtext
        return dict((m, old) for m in MODES)
    refusals = dict((m, None) for m in MODES)
    # The GIL at run time is set per run (PYTHON_GIL=0 for free threads, 1 otherwise), so only
    # the build decides here; the runner checks the GIL it really got before a round.
    if not f["freeThreaded"]:
        refusals["threads-free"] = (
            "Python %s is built with the GIL; free threads need a free-threaded build (python3.13t or newer)" % vtext
        )
    if not f["interpreterPool"]:
        refusals["interpreters"] = (
            "Python %s has no InterpreterPoolExecutor; sub-interpreters with their own GIL need Python 3.14 or newer"
            % vtext
        )
    if f["startMethod"] is None:
        refusals["processes"] = "this Python %s has no working multiprocessing" % vtext
    return refusals


def workload_refusal(mode, workload):
    """Why a mode can't run a workload in any Python, or None."""
    if mode == "asyncio" and workload not in ASYNCIO_WORKLOADS:
        return "asyncio runs the I/O workloads and plain tasks (%s), not %s" % (", ".join(ASYNCIO_WORKLOADS), workload)
    return None


if __name__ == "__main__":
    found = facts()
    found["modes"] = mode_refusals(found)
    found["asyncioWorkloads"] = ASYNCIO_WORKLOADS
    sys.stdout.write(json.dumps(found) + "\n")
