"""Every id a form accepts in its body is checked against scope. The ids are found in the code:
model choice fields of every form (declared, generated from a model, or added in __init__),
every field a form adds at run time, custom fields and clean_<field> methods that look objects
up, and every read of request.POST (or request.GET in a view) by name. Each one is declared:
in BODY_IDS (tests/access/*.py and below) with side B's object to post, as reference data every
role reads (the activities), as crossing scope by design, or as not an id. A new field that is
in none of these fails the test until someone says which it is.

Each BODY_IDS entry is posted by side A's allowed actors (those its URL's WRITES entry expects
to succeed) with side B's object in the field: the request is refused (a 404 or a form error)
and nothing changes."""

import ast
import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django import forms
from django.urls import reverse

import opuss
from tests.access import DONE, BodyId, tables_from_modules
from tests.test_write_matrix import WRITES, affiliation_body, post
from tests.writes import fast_passwords, in_season, rolled_back  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season", "fast_passwords")]


# --- the base table: core, affiliations, AS and districts -----------------------------------


def assignment_of_b(w, k):
    return {"assignment": w.b.teacher.role_assignments.get().pk}


def establishment_b(w, k):
    from tests.factories import EstablishmentFactory

    return {"establishment": EstablishmentFactory(department=w.b.association.department).pk}


def affiliation_of_b(w):
    from opuss.affiliations.models import Affiliation
    from tests.factories import AffiliationFactory

    existing = Affiliation.objects.filter(association=w.b.association).first()
    return existing or AffiliationFactory(
        association=w.b.association, season=w.season, state="DRAFT"
    )


def animateur_of_b(w, k):
    """Side B's animateur posted as the first row of side A's animateurs, renamed."""
    animateur = affiliation_of_b(w).animateurs.get()
    return {"animateurs-0-id": animateur.pk, "animateurs-0-last_name": "Pirate"}


def section_of_b(w, k):
    from opuss.affiliations.models import SportsSection
    from opuss.sport.models import Activity

    activity = Activity.objects.get(name="Volley Ball")
    section = SportsSection.objects.create(
        affiliation=affiliation_of_b(w), kind="SECTION", activity=activity, eps_teacher="B"
    )
    return {
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-0-id": section.pk,
        "sections-0-kind": "SECTION",
        "sections-0-activity": activity.pk,
        "sections-0-eps_teacher": "Pirate",
    }


def unchanged_draft(w, k):
    """Side A's draft as stored: only the foreign row could change anything."""
    from opuss.affiliations.models import Affiliation

    return affiliation_body(Affiliation.objects.get(association__code=k["code"], season=w.season))


ANIMATEURS = "opuss.affiliations.forms.AnimateurFormSet"
SECTIONS = "opuss.affiliations.forms.SectionFormSet"
CREATION = "opuss.associations.forms.AssociationCreateForm"
SIDE_A_STAFF = frozenset({"sd", "sr"})

BASE = {
    # Switching to another person's role.
    ("core:switch_role", "assignment"): BodyId(
        ("opuss.core.views:POST:assignment",),
        assignment_of_b,
        actors=frozenset({"teacher"}),
        status=404,
    ),
    ("associations:create", "establishment"): BodyId(
        (f"{CREATION}.establishment",), establishment_b
    ),
    ("associations:create", "department"): BodyId(
        (f"{CREATION}.department",),
        lambda w, k: {"department": w.b.association.department_id},
    ),
    ("associations:create", "district"): BodyId(
        (f"{CREATION}.district",), lambda w, k: {"district": w.b.association.district_id}
    ),
    ("associations:move_district", "district"): BodyId(
        ("opuss.associations.forms.DistrictMoveForm.district",),
        lambda w, k: {"district": w.b.association.district_id},
    ),
    ("territories:district_create", "department"): BodyId(
        ("opuss.territories.forms.DistrictForm.department",),
        lambda w, k: {"department": w.b.association.department_id},
        actors=SIDE_A_STAFF,
    ),
    # Coordinators are people of the district's department.
    ("territories:district_create", "coordinators"): BodyId(
        ("opuss.territories.forms.DistrictForm.coordinators",),
        lambda w, k: {"coordinators": [w.b.teacher.pk]},
    ),
    ("territories:district_edit", "coordinators"): BodyId(
        ("opuss.territories.forms.DistrictForm.coordinators",),
        lambda w, k: {"coordinators": [w.b.teacher.pk]},
    ),
    # The rows of the AS's own form: another AS's animateur or section is not one of them.
    ("affiliations:form", "animateurs-0-id"): BodyId(
        (f"{ANIMATEURS}.id",), animateur_of_b, data=unchanged_draft
    ),
    ("affiliations:form", "animateurs-0-affiliation"): BodyId(
        (f"{ANIMATEURS}.affiliation",),
        lambda w, k: {"animateurs-0-affiliation": affiliation_of_b(w).pk},
        data=unchanged_draft,
    ),
    ("affiliations:form", "sections-0-id"): BodyId(
        (f"{SECTIONS}.id",), section_of_b, data=unchanged_draft
    ),
    ("affiliations:form", "sections-0-affiliation"): BodyId(
        (f"{SECTIONS}.affiliation",),
        lambda w, k: section_of_b(w, k) | {"sections-0-affiliation": affiliation_of_b(w).pk},
        data=unchanged_draft,
    ),
    # « Lui écrire »: one of his own AS's animateurs.
    ("licences:pupil_contact", "?animateur="): BodyId(
        ("opuss.licences.pupil_views:GET:animateur",),
        lambda w, k: {},
        query=lambda w, k: {"animateur": w.b.teacher.pk},
        actors=frozenset({"pupil"}),
        status=404,
    ),
}
BODY_IDS = BASE | tables_from_modules("BODY_IDS")

# Ids of reference data that every role reads: nothing to scope.
REFERENCE = {
    "opuss.sport.models.Activity": [
        "opuss.affiliations.forms.AnimateurFormSet.activities",
        "opuss.affiliations.forms.SectionFormSet.activity",
        "opuss.competitions.forms.CompetitionForm.activity",
        "opuss.jo.forms.JoForm.activity",
        "opuss.jo.forms.QuizChoiceForm.activity",
        "opuss.jo.forms.QuestionForm.activity",
        "opuss.register.forms.EventForm.activity",
        "opuss.association_life.forms.StatisticsForm.activities",
    ],
}

# Ids that cross the user's scope on purpose, with the rule that says so (tested below).
CROSS_SCOPE = {
    "opuss.licences.correction_views.TransferForm.target": "memento 2011-2012: « Élève licencié "
    "qui change d'établissement dans l'académie ou vers une autre académie : contacter le "
    "Service Régional »: the SR transfers to any affiliated AS.",
}

# What is read from a request or added to a form and is not an object's id.
NOT_IDS = {
    "opuss.accounts.backends:POST:username": "the login typed, to count failed logins per "
    "account (e-mail or licence number, public to whoever holds the card)",
    "opuss.affiliations.views:POST:transmit": "the button pressed",
    "opuss.affiliations.staff_views:POST:verified": "the SR's « vérifiés » box, ticked or not",
    "opuss.licences.basket_views:POST:checks": "the season's checks ticked (their words)",
    "opuss.licences.basket_views:POST:tous": "the « all former licensees » button pressed: "
    "they are the AS's own, read through its scope",
    "opuss.licences.import_views:POST:import": "the preview's random id, matched to the session",
    "opuss.guardians.views:POST:email": "another guardian's address, typed by the AS",
    "opuss.guardians.views:POST:retour": "the page to go back to",
    "opuss.accounts.security_views:POST:next": "the page to go to after the code (same host)",
    "opuss.accounts.security_views:GET:next": "the page to go to after the code (same host)",
    "opuss.licences.basket_views:GET:q": "a name searched",
    "opuss.licences.unit_views:GET:as": "an AS code put in the form as typed, looked up only "
    "when posted (UnitLicenceForm.association checks the POST)",
    "opuss.licences.unit_views:POST:action": "the button pressed (review, edit, create)",
    "opuss.licences.unit_views:POST:checks": "the season's checks ticked (their words)",
    "opuss.licences.pupil_views:GET:onglet": "a tab",
    "opuss.licences.card_views:GET:saison": "a season's year: public reference data",
    "opuss.register.views:GET:type": "a kind of event",
    "opuss.association_life.views:GET:saison": "a season's label: public reference data",
    "opuss.finance.views_accounts:GET:*": "a région's code, looked up among the accountant's "
    "own académies (another one: 404)",
    "opuss.finance.views_accounts:GET:export": "an export format",
    "opuss.dashboards.views:GET:*": "an académie, department, district or AS to look into, "
    "fetched through for_user (out of scope: 404; tests/dashboards/test_pages.py)",
    "opuss.dashboards.views:GET:saison": "a season's label: public reference data",
    "opuss.dashboards.views:GET:tableau": "which table to export",
    "opuss.dashboards.views:GET:tri": "a column to sort by",
    "opuss.dashboards.views:GET:export": "an export format",
    "opuss.associations.views:GET:tri": "a column to sort by",
    "opuss.associations.views:GET:export": "an export format",
    "opuss.content.views:GET:level": "a level's name, offered only among the writer's",
    "opuss.territories.views:GET:department": "the first choice of a scoped field, on GET: "
    "another's selects nothing, and the POST is checked (district_create, department)",
    "opuss.associations.staff_views:GET:*": "the first establishment and department of a scoped "
    "form, on GET (associations:create, establishment and department check the POST)",
    "opuss.content.forms.ArticleForm.files": "uploaded files",
    "opuss.guardians.forms.AnswerForm.ia_sport_plus": "yes or no",
    "opuss.jo.forms.QuestionForm.choice_*": "an answer's text",
    "opuss.jo.forms.QuestionForm.correct_*": "whether the answer is right",
}


# --- finding the ids in the code ------------------------------------------------------------


def opuss_form_and_view_modules():
    for info in pkgutil.walk_packages(opuss.__path__, "opuss."):
        last = info.name.rsplit(".", 1)[-1]
        if "form" in last or "view" in last:
            yield importlib.import_module(info.name)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def form_classes() -> dict[str, type]:
    """Every form class of opuss by its path, and every formset by the name its forms module
    keeps it under."""
    found = {}
    for module in opuss_form_and_view_modules():
        if not module.__name__.endswith("forms"):
            continue
        for name, value in vars(module).items():
            if _is_formset(value):
                found[f"{module.__name__}.{name}"] = value
    for cls in set(subclasses(forms.BaseForm)):
        if cls.__module__.startswith("opuss."):
            found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def _is_formset(value) -> bool:
    return (
        isinstance(value, type) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form")
    )


def owner(cls, name: str) -> type:
    """The class highest in the hierarchy that has the field: a field is declared once."""
    return next(
        base
        for base in reversed(cls.__mro__)
        if base.__module__.startswith("opuss.") and name in getattr(base, "base_fields", {})
    )


def static_fields(path: str, cls) -> set[str]:
    """Model choice fields and opuss's own field classes, by their owner's path."""
    if issubclass(cls, forms.BaseFormSet):
        model_fields = {f"{path}.{name}" for name in _model_choice_fields(cls.form)}
        fk = getattr(cls, "fk", None)
        return model_fields | {f"{path}.id"} | ({f"{path}.{fk.name}"} if fk else set())
    found = set()
    for name in _model_choice_fields(cls) | _own_field_classes(cls):
        base = owner(cls, name)
        found.add(f"{base.__module__}.{base.__qualname__}.{name}")
    return found


def _model_choice_fields(cls) -> set[str]:
    return {n for n, f in cls.base_fields.items() if isinstance(f, forms.ModelChoiceField)}


def _own_field_classes(cls) -> set[str]:
    return {n for n, f in cls.base_fields.items() if type(f).__module__.startswith("opuss.")}


def class_tree(cls) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(cls)))


def key_of(node) -> str:
    """A field name or request key as written: an f-string's values become "*"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "*" for part in node.values
        )
    return "*"


def dynamic_fields(path: str, cls) -> set[str]:
    """`self.fields[name] = ...` anywhere in the class, and clean_<name> methods that look an
    object up (`.objects`)."""
    if issubclass(cls, forms.BaseFormSet) or not cls.__module__.startswith("opuss."):
        return set()
    found = set()
    tree = class_tree(cls)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "fields"
                ):
                    found.add(f"{path}.{key_of(target.slice)}")
        if _cleans_by_lookup(node):
            found.add(f"{path}.{node.name.removeprefix('clean_')}")
    return found


def _cleans_by_lookup(node) -> bool:
    return (
        isinstance(node, ast.FunctionDef)
        and node.name.startswith("clean_")
        and any(isinstance(n, ast.Attribute) and n.attr == "objects" for n in ast.walk(node))
    )


def request_reads() -> set[str]:
    """ "module:POST:name" for each read of request.POST by name, and of request.GET in a view
    module; "*" when the name is not written out."""
    found = set()
    root = Path(opuss.__file__).parent
    for file in root.rglob("*.py"):
        if "migrations" in file.parts:
            continue
        module = ".".join(file.relative_to(root.parent).with_suffix("").parts)
        tree = ast.parse(file.read_text())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Attribute)
                and node.attr in ("POST", "GET")
                and isinstance(node.value, ast.Name)
                and node.value.id == "request"
            ):
                continue
            if node.attr == "GET" and "view" not in module.rsplit(".", 1)[-1]:
                continue
            name = read_name(node, parents)
            if name is not None:
                found.add(f"{module}:{node.attr}:{name}")
    return found


def read_name(node, parents) -> str | None:
    """The name read, "*" for a name not written out, None when the whole body goes to a
    form (whose fields are found as fields)."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.attr in ("get", "getlist"):
        call = parents.get(parent)
        return key_of(call.args[0]) if isinstance(call, ast.Call) and call.args else "*"
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return key_of(parent.slice)
    if isinstance(parent, ast.Compare) and isinstance(parent.ops[0], ast.In):
        return key_of(parent.left)
    if isinstance(parent, ast.comprehension) and parent.iter is node:
        return "*"
    return None


def ids_in_the_code() -> set[str]:
    found = request_reads()
    for path, cls in form_classes().items():
        found |= static_fields(path, cls) | dynamic_fields(path, cls)
    return found


def declared() -> set[str]:
    covered = {name for body_id in BODY_IDS.values() for name in body_id.form}
    reference = {name for names in REFERENCE.values() for name in names}
    return covered | reference | set(CROSS_SCOPE) | set(NOT_IDS)


def test_every_id_in_a_body_is_declared():
    missing = ids_in_the_code() - declared()
    assert not missing, f"ids read from a request and not declared: {sorted(missing)}"


def test_every_declaration_names_an_id_of_the_code():
    assert declared() - ids_in_the_code() == set()


def test_the_reference_fields_read_a_table_without_scope():
    classes = form_classes()
    for model_path, names in REFERENCE.items():
        for name in names:
            path, field_name = name.rsplit(".", 1)
            cls = classes[path]
            form = cls.form if issubclass(cls, forms.BaseFormSet) else cls
            model = form.base_fields[field_name].queryset.model
            assert f"{model.__module__}.{model.__name__}" == model_path, name
            assert not hasattr(model.objects, "for_user"), name


def test_every_body_id_is_posted_to_a_declared_write():
    assert {name for name, _ in BODY_IDS} <= set(WRITES)


# --- side B's object in side A's request ----------------------------------------------------


def rows(queryset) -> list[dict]:
    return list(queryset.order_by("pk").values())


@pytest.mark.parametrize("key", sorted(BODY_IDS), ids=lambda key: "/".join(key))
def test_an_id_of_another_side_in_the_body_changes_nothing(client, world, key):
    name, field = key
    body_id, write = BODY_IDS[key], WRITES[name]
    kwargs_of = body_id.kwargs or write.kwargs
    kwargs = kwargs_of(world) if kwargs_of else None
    url = reverse(name, kwargs=kwargs)
    if body_id.query:
        url += "?" + urlencode(body_id.query(world, kwargs))
    foreign = body_id.foreign(world, kwargs)
    actors = body_id.actors or {a for a, expected in write.expect.items() if expected == DONE}
    assert actors, key
    kept = rows(body_id.kept(world)) if body_id.kept else None
    for actor in sorted(actors):
        with rolled_back():
            data = (body_id.data or write.data)(world, kwargs) | foreign
            response, effects = post(client, world, actor, url, write, kwargs, data)
            where = (key, actor, response.status_code, effects)
            assert response.status_code in (200, 302, 400, 404), where
            assert body_id.status in (None, response.status_code), where
            if kept is None:
                assert not effects, where
            else:
                assert rows(body_id.kept(world)) == kept, where


def test_the_regional_service_transfers_a_licence_to_an_as_of_another_academie(client, world):
    """CROSS_SCOPE: the pupil moves to another académie; his SR transfers the licence."""
    from opuss.licences.models import Licence
    from tests.access import affiliated

    affiliated(world.b.association, world.season)
    client.force_login(world.a.sr)
    response = client.post(
        reverse("corrections:transfer", kwargs={"pk": world.a.licence.pk}),
        {"target": world.b.association.code},
    )
    assert response.status_code == 302
    moved = Licence.objects.get(pupil=world.a.licence.pupil, association=world.b.association)
    assert moved.state == "ACTIVE"
