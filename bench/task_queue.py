"""Does the database task queue keep up with the rentrée's e-mails? (docs/deploy.md)

Enqueues N one-mail tasks into django-tasks-db on PostgreSQL, then lets 1 and then 2 workers
(`opuss db_worker --batch`) drain them with the dummy mail backend, so that what is measured is
the queue itself: claiming a task, running it, recording its result.

    .venv/bin/python -m bench.task_queue [--tasks 3000]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
OPUSS = str(Path(sys.executable).with_name("opuss"))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "bench_task_queue"


def environment() -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SITE_URL": "http://127.0.0.1:8000",
        "DEBUG": "1",
        "OPUSS_VAR_DIR": "/tmp/opuss-bench-queue",
    }


ENQUEUE = """
from opuss.core.tasks import send_email
for i in range({n}):
    send_email.enqueue("Sujet", "Corps du message", [f"parent{{i}}@example.org"], None)
"""


def drain(workers: int, tasks: int, env: dict[str, str]) -> float:
    subprocess.run([OPUSS, "shell", "-c", ENQUEUE.format(n=tasks)], env=env, check=True,
                   cwd=ROOT, capture_output=True)
    started = time.perf_counter()
    processes = [
        subprocess.Popen([OPUSS, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                         env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    for process in processes:
        process.wait()
    return tasks / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=3000)
    tasks = parser.parse_args().tasks
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    env = environment()
    subprocess.run([OPUSS, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    for workers in (1, 2):
        rate = drain(workers, tasks, env)
        hours = 1_200_000 / rate / 3600
        print(f"{workers} worker(s): {rate:.0f} tasks/s; 1.2 million one-mail tasks in "
              f"{hours:.1f} h")


if __name__ == "__main__":
    main()
