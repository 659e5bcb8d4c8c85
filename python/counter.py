"""GIL Lab reference: a shared counter on threads, with and without a lock, and with a call
between the read and the write. Prints the final counts as JSON.
Usage: python3 counter.py [threads] [increments]
"""
import json
import sys
import threading

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


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    result = {name: run(fn, threads, times) for name, fn in (("plain", plain), ("call-between", call_between), ("lock", locked))}
    print(json.dumps({"expected": threads * times, "final": result}))


if __name__ == "__main__":
    main()
