"""The vocabulary of the access matrix (tests/test_access_matrix.py), and the rule blocks each
feature declares in its own module of this package: RULES = {url name: (kwargs, expectations)}.

Expectations: 200 (shown), LOGIN (sent to the login page), 404 (does not exist for him),
HOME (sent to his home), 405 (wrong method: the URL takes POST only)."""

import importlib
import pkgutil

LOGIN, HOME = "login", "home"
ACTORS = [
    "anonymous",
    "pupil",
    "teacher",
    "secretary",
    "sd",
    "sr",
    "dn",
    "pupil_b",
    "teacher_b",
    "secretary_b",
    "sd_b",
    "sr_b",
]


def everyone(expected, anonymous=None):
    return dict.fromkeys(ACTORS, expected) | (
        {"anonymous": anonymous} if anonymous is not None else {}
    )


def only(allowed: set[str], otherwise=404):
    return {actor: 200 if actor in allowed else otherwise for actor in ACTORS} | {
        "anonymous": LOGIN
    }


STAFF = {"sd", "sr", "dn", "sd_b", "sr_b"}
SIDE_A_AS = {"teacher", "secretary", "sd", "sr", "dn"}  # who may see AS A and its pupils
AS_MEMBERS_A = {"teacher", "secretary"}
PUBLIC = everyone(200)
POST_ONLY = everyone(405, anonymous=LOGIN)


def rules_from_modules() -> dict:
    rules: dict = {}
    for module in pkgutil.iter_modules(__path__):
        rules |= importlib.import_module(f"{__name__}.{module.name}").RULES
    return rules
