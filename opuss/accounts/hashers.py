"""Passwords are hashed with argon2id at the parameters of OWASP's Password Storage Cheat Sheet
(https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html, « Argon2id »:
m=19456 (19 MiB), t=2, p=1, one of the minimum settings it deems equivalent).

Django's defaults (m=100 MiB, t=2, p=8) take five times the memory of each login and, on two
cores, let through about a tenth of the logins per second (`bench/logins.py`): at the rentrée
peak the login form would be the first page to queue. This hasher keeps Django's algorithm name,
so it verifies every argon2 hash whatever its parameters, and Django's `must_update` rehashes a
password stored with other parameters at its owner's next login."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
