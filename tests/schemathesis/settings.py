"""Settings for `make schemathesis`: argmap's own, with the quick password hash the test suite uses.

HTTP Basic checks the password on every request; with Django's real hash (deliberately slow) the run spent
most of its time hashing instead of testing the API.
"""

from __future__ import annotations

from argmap.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# schemathesis sends a wrong password on purpose (its ignored_auth check), once per operation: the lockout would
# lock the demo accounts after five and answer 429 to the rest of the run. The lockout has its own tests.
AXES_ENABLED = False
# A generated test writes far faster than a class; at a class's limits most writes would be a 429, untested.
WRITE_RATE_PER_PERSON = "100000/minute"
WRITE_RATE_PER_CLASS = "100000/minute"
