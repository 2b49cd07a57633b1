"""Password hashing: Argon2id at the cost the OWASP cheat sheet recommends as a minimum.

Django's default Argon2 parameters (100 MiB, 8 lanes) cost about 0.3 s of CPU for every
sign-in; on the 2-core server a province runs, 130 agencies signing in on the deadline day
would wait in line for tens of seconds. 19 MiB with 2 passes and 1 lane (OWASP's first
recommended configuration) costs about 45 ms and still makes an offline guess expensive.
See docs/decisions/0001-password-hashing.md.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
