"""GIL Lab reference: the convoy effect. An I/O loop (sleep 1 ms, repeat) runs alone and beside
one and two CPU-bound threads, at several switch intervals. Prints loops per second as JSON:
the median of the repeats, and every run.
Usage: python3 convoy.py [seconds_per_case] [repeats]
"""
import json
import statistics
import sys
import threading
import time


def io_loop(seconds, out):
    end = time.perf_counter() + seconds
    loops = 0
    while time.perf_counter() < end:
        time.sleep(0.001)
        loops += 1
    out.append(loops / seconds)


def spin(stop):
    x = 0
    while not stop.is_set():
        x += 1


def case(cpu_threads, seconds):
    stop = threading.Event()
    spinners = [threading.Thread(target=spin, args=(stop,)) for _ in range(cpu_threads)]
    for t in spinners:
        t.start()
    out = []
    io_loop(seconds, out)
    stop.set()
    for t in spinners:
        t.join()
    return out[0]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    runs = {}
    for interval_ms in (5, 1, 0.1):
        sys.setswitchinterval(interval_ms / 1000)
        runs[str(interval_ms)] = {str(k): [case(k, seconds) for _ in range(repeats)] for k in (0, 1, 2)}
    medians = {i: {k: statistics.median(r) for k, r in by_k.items()} for i, by_k in runs.items()}
    print(json.dumps({"loops_per_s": medians, "runs": runs}))


if __name__ == "__main__":
    main()
