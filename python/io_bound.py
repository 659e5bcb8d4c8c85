"""GIL Lab reference: I/O-bound waits, sequentially and on threads. Prints one JSON object.
Usage: python3 io_bound.py [tasks] [wait_seconds]
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    wait = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    start = time.perf_counter()
    for _ in range(tasks):
        time.sleep(wait)
    sequential = time.perf_counter() - start
    with ThreadPoolExecutor(max_workers=tasks) as pool:
        start = time.perf_counter()
        list(pool.map(lambda _: time.sleep(wait), range(tasks)))
        threaded = time.perf_counter() - start
    print(json.dumps({"tasks": tasks, "wait_s": wait, "wall_s": {"sequential": sequential, "threads-gil": threaded}}))


if __name__ == "__main__":
    main()
