"""What the national seed is doing, on stderr: each stage with its time, the pupils as they go."""

import sys
import time


class Progress:
    def __init__(self, stream=None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self._last_share = -1

    def say(self, message: str) -> None:
        self.stream.write(f"[{self.elapsed():7.1f} s] {message}\n")
        self.stream.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def count(self, what: str, done: int, total: int) -> None:
        """Every 5 % of `total`, and at the end."""
        share = done * 20 // max(total, 1)
        if share != self._last_share or done == total:
            self._last_share = share
            percent = done * 100 // max(total, 1)
            self.say(f"{what} : {thousands(done)} / {thousands(total)} ({percent} %)")


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")
