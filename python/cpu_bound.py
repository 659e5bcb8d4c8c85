"""GIL Lab reference: CPU-bound tasks sequentially, on threads and on processes.

Prints one JSON object: wall seconds per mode, for TASKS tasks sized to about TASK_S seconds.
Usage: python3 cpu_bound.py [tasks] [task_seconds]
"""
import json
import sys
import threading
import time
from multiprocessing import Pool


def work(n):
    return sum(i * i for i in range(n))


def size_for(seconds):
    n = 100_000
    while True:
        start = time.perf_counter()
        work(n)
        elapsed = time.perf_counter() - start
        if elapsed > 0.1:
            return int(n * seconds / elapsed)
        n *= 2


def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    n = size_for(seconds)
    wall = {}

    start = time.perf_counter()
    for _ in range(tasks):
        work(n)
    wall["sequential"] = time.perf_counter() - start

    threads = [threading.Thread(target=work, args=(n,)) for _ in range(tasks)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall["threads-gil"] = time.perf_counter() - start

    with Pool() as pool:  # warm, as the lab's pools are
        pool.map(work, [1000] * pool._processes)
        start = time.perf_counter()
        pool.map(work, [n] * tasks, chunksize=1)
        wall["processes"] = time.perf_counter() - start

    print(json.dumps({"tasks": tasks, "n": n, "wall_s": wall}))


if __name__ == "__main__":
    main()
