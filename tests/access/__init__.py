"""The vocabulary of the access matrices, and the blocks each feature declares in its own module
of this package, one dict per table (a module declares those it needs):

    RULES = {url name: (kwargs, expectations)}       GET, tests/test_access_matrix.py
    WRITES = {url name: Write(...)}                  POST, tests/test_write_matrix.py
    INNER_IDS = {url name: Inner(...)}               an own code with a foreign inner id, same file
    BODY_IDS = {(url name, field): BodyId(...)}      ids posted in a form, tests/test_body_ids.py

Expectations: 200 (shown), LOGIN (sent to the login page), 404 (does not exist for him),
HOME (sent to his home), 405 (wrong method: the URL takes POST only). For a POST, DONE (the
write happened: the database changed, or an e-mail waits for the commit); any other expectation
also means that nothing changed."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

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


DONE = "done"


def writers(allowed: set[str], otherwise=404) -> dict:
    """POST expectations: DONE for the allowed actors, `otherwise` for the others."""
    return {actor: DONE if actor in allowed else otherwise for actor in ACTORS} | {
        "anonymous": LOGIN
    }


@dataclass(frozen=True)
class Write:
    """A POST that succeeds for the allowed actors. `kwargs(world)` may build what the write
    needs; `data(world, kwargs)` is the body, built again for each actor and never writing;
    `session(world, kwargs)` holds values put in each actor's session before he posts."""

    kwargs: Callable | None
    data: Callable
    expect: dict
    session: Callable | None = None


@dataclass(frozen=True)
class Inner:
    """`kwargs(world)`: the URL with side A's outer code or pk and an inner id of side B."""

    kwargs: Callable


@dataclass(frozen=True)
class BodyId:
    """A field of the body of `url name` that carries an object id. `form` names the form
    fields it covers ("opuss.app.forms.Form.field") or the raw reads ("opuss.app.views:POST:
    name"); `foreign(world, kwargs)` gives the fields that put side B's object in the body (it
    may build that object). The URL's WRITES entry gives the URL, the body and the actors (those
    it expects DONE), unless `kwargs`, `data` or `actors` say otherwise. `kept(world)` is a
    queryset of the rows that must not change when the rest of the request legitimately
    writes; without it, nothing may change."""

    form: tuple[str, ...]
    foreign: Callable
    data: Callable | None = None
    kept: Callable | None = None
    actors: frozenset[str] = field(default_factory=frozenset)
    kwargs: Callable | None = None
    query: Callable | None = None  # (world, kwargs) -> the URL's query string, as a dict
    status: int | None = None  # the refusal, when it must be this one (a form error is a 200)


def tables_from_modules(name: str) -> dict:
    """The union of the dicts called `name` in the modules of this package."""
    tables: dict = {}
    for module in pkgutil.iter_modules(__path__):
        tables |= getattr(importlib.import_module(f"{__name__}.{module.name}"), name, {})
    return tables


def rules_from_modules() -> dict:
    return tables_from_modules("RULES")


# --- building bodies and the world's objects ------------------------------------------------


def _posted(value) -> list[str] | str | None:
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(getattr(v, "pk", v)) for v in value]
    if hasattr(value, "hour"):
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.isoformat()[:16]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def body_of(*forms) -> dict:
    """The body a page's forms (and formsets) send when nothing is changed: each field's
    initial value as the browser would post it."""
    data: dict = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data |= body_of(form.management_form, *form.forms)
            continue
        for bound in form:
            value = _posted(bound.value())
            if value is not None:
                data[bound.html_name] = value
    return data


def affiliated(association, season):
    """The AS affiliated for the season, so that it licenses."""
    from tests.factories import affiliated_as

    return affiliated_as(association, season)


def affiliated_a(w):
    """Side A's AS affiliated (the world's is not)."""
    return affiliated(w.a.association, w.season)
