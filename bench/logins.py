"""Logins per second: one password verification with Django's argon2 parameters and with ours
(OWASP's, opuss/accounts/hashers.py), its time, its memory, and how many verifications this
machine's cores do per second (the ceiling of logins per second, whatever else a login does).

    .venv/bin/python bench/logins.py [--seconds 5] [--json]

Each figure comes from fresh processes: the memory is the growth of the peak resident size of a
process that verifies one password (Linux); the throughput runs one process per core for
--seconds."""

import argparse
import json
import multiprocessing
import os
import statistics
import time

from django.contrib.auth.hashers import Argon2PasswordHasher

from opuss.accounts.hashers import OwaspArgon2PasswordHasher

PASSWORD = "un mot de passe de démonstration"
HASHERS = {"django_default": Argon2PasswordHasher, "owasp": OwaspArgon2PasswordHasher}


def parameters(name: str) -> str:
    hasher = HASHERS[name]
    return f"m={hasher.memory_cost} KiB, t={hasher.time_cost}, p={hasher.parallelism}"


def encoded(name: str) -> str:
    hasher = HASHERS[name]()
    return hasher.encode(PASSWORD, hasher.salt())


def _peak_resident_kib() -> int:
    """The process's peak resident size (Linux's VmHWM: unlike ru_maxrss, not inherited from
    the parent across fork and exec)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


def _memory_of_one(name: str, hashed: str, results) -> None:
    before = _peak_resident_kib()
    assert HASHERS[name]().verify(PASSWORD, hashed)
    results.put((_peak_resident_kib() - before) / 1024)


def _verify_for(name: str, hashed: str, seconds: float, results) -> None:
    hasher = HASHERS[name]()
    durations = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        hasher.verify(PASSWORD, hashed)
        durations.append(time.perf_counter() - started)
    results.put(durations)


def _in_processes(target, args: tuple, count: int) -> list:
    context = multiprocessing.get_context("spawn")  # fresh processes: nothing preallocated
    results = context.Queue()
    processes = [context.Process(target=target, args=(*args, results)) for _ in range(count)]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    for process in processes:
        process.join()
    return collected


def measure(name: str, seconds: float, cores: int) -> dict:
    hashed = encoded(name)
    (memory_mib,) = _in_processes(_memory_of_one, (name, hashed), 1)
    (alone,) = _in_processes(_verify_for, (name, hashed, seconds), 1)
    together = _in_processes(_verify_for, (name, hashed, seconds), cores)
    return {
        "parameters": parameters(name),
        "verify_ms": round(statistics.median(alone) * 1000, 1),
        "memory_mib": round(memory_mib, 1),
        "logins_per_s": round(sum(len(durations) for durations in together) / seconds, 1),
        "processes": cores,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    figures = {name: measure(name, options.seconds, cores) for name in HASHERS}
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print("| hasher | parameters | one verification | its memory | logins/s |")
    print("|---|---|---|---|---|")
    for name, row in figures.items():
        print(
            f"| {name} | {row['parameters']} | {row['verify_ms']} ms | {row['memory_mib']} MiB "
            f"| {row['logins_per_s']} ({row['processes']} processes) |"
        )


if __name__ == "__main__":
    main()
