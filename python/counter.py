"""GIL Lab reference: a shared counter on threads, with and without a lock, and with a call
between the read and the write; then on processes, each with its own copy or sharing one
multiprocessing.Value, with and without its lock. Prints the final counts as JSON.
Usage: python3 counter.py [workers] [increments per thread] [increments per process]
"""
import json
import sys
import threading
from multiprocessing import Process, Value

counter = 0
lock = threading.Lock()


def noop():
    pass


def plain(times):
    global counter
    for _ in range(times):
        counter += 1


def call_between(times):
    global counter
    for _ in range(times):
        value = counter
        noop()
        counter = value + 1


def locked(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


def run(target, threads, times):
    global counter
    counter = 0
    workers = [threading.Thread(target=target, args=(times,)) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counter


def value_plain(value, times):
    for _ in range(times):
        value.value += 1


def value_locked(value, times):
    for _ in range(times):
        with value.get_lock():
            value.value += 1


def run_processes(target, workers, times):
    """Returns the parent's view of the count after the workers are done."""
    value = Value("i", 0)
    args = (value, times) if target is not plain else (times,)
    procs = [Process(target=target, args=args) for _ in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    # plain in a process changes that process's own copy of the global; the parent's stays put.
    return counter if target is plain else value.value


def main():
    global counter
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    process_times = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    result = {name: run(fn, workers, times) for name, fn in (("plain", plain), ("call-between", call_between), ("lock", locked))}
    counter = 0
    processes = {
        name: run_processes(fn, workers, process_times)
        for name, fn in (("copy", plain), ("value", value_plain), ("value-lock", value_locked))
    }
    print(
        json.dumps(
            {
                "expected": workers * times,
                "final": result,
                "processes": {"expected": workers * process_times, "final": processes},
            }
        )
    )


if __name__ == "__main__":
    main()
