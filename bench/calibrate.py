"""How fast this machine is right now: the CPU time of a fixed piece of pure Python (string
formatting, dictionary updates, attribute calls: the kind of work a Django request does),
median of five runs in the calling process.

The machines these benchmarks run on are shared virtual machines whose speed changes from
one day to the next (the same 30-page PDF took 3.2 s of CPU in one session and 4.8 s in
another, with the code unchanged). Every benchmark records this figure beside its own, so
that two sessions' results can be compared: a figure that grew by the same factor as this
one did not get slower."""

import statistics
import time


class _Row:
    def __init__(self, n):
        self.n = n

    def label(self):
        return f"row {self.n:05d}"


def _work():
    totals = {}
    for i in range(200_000):
        key = _Row(i % 997).label()
        totals[key] = totals.get(key, 0) + i
    return len(totals)


def machine_speed(runs=5):
    """``{"loop_ms": median CPU milliseconds of the fixed work, "runs_ms": [...]}``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        _work()
        times.append((time.process_time() - start) * 1000)
    return {
        "loop_ms": round(statistics.median(times), 1),
        "runs_ms": [round(t, 1) for t in times],
        "what": "bench/calibrate.py: CPU time of a fixed piece of pure Python, median of 5; "
        "compare results of two sessions relative to this figure",
    }


if __name__ == "__main__":
    print(machine_speed())
