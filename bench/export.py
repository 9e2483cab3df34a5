"""DN exports every licence of the season as CSV (`/licences/?export=csv`): the first byte's
delay and how much this process's peak resident memory grew while the whole file was read.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.export --out export.json
"""

import argparse
import json
import time

import django

PATH = "/licences/?export=csv"


def _status(field: str) -> int:
    """A line of /proc/self/status, in KiB (VmRSS now, VmHWM its peak)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(f"{field}:"))
    return int(line.split()[1])


def _reset_peak() -> None:
    """Linux forgets the peak resident size when told "5" (proc(5), clear_refs)."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    from opuss.demo.data import DEMO_PASSWORD
    from opuss.demo.models import DemoAccount

    client = Client()
    dn = DemoAccount.objects.get(role="dn")
    assert client.post("/compte/connexion/", {"username": dn.login,
                                              "password": DEMO_PASSWORD}).status_code == 302
    client.get("/services/")  # everything imported and warm before the peak is reset
    _reset_peak()
    baseline = _status("VmRSS")
    started = time.perf_counter()
    response = client.get(PATH)
    assert response.status_code == 200, response.status_code
    first_byte = None
    size = lines = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - started
    result = {
        "path": PATH, "streamed": response.streaming, "bytes": size, "lines": lines,
        "first_byte_s": first_byte, "total_s": total,
        "rss_growth_mb": (_status("VmHWM") - baseline) / 1024,
    }
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
