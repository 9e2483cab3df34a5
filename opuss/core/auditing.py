"""The models whose every change django-auditlog records by itself, whatever code saves them:
the trail does not depend on each service remembering to call `opuss.core.audit.record` (that
one stays for business actions: « affilier », « licence transférée »...).

Signals see save() and delete(), also a QuerySet.delete(); they do not see QuerySet.update()
nor bulk_create(): such writes on these models are each followed by an explicit record() (see
the report of issue #11 and tests/core/test_audit_trail.py), or, for the bulk paths that write
hundreds of rows at once (a basket's validation), by `log_created` / `log_updated`, which write
the entries django-auditlog's signals would have written, in one INSERT."""

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from opuss.finance.masking import mask_iban

# model label -> what is never logged: bookkeeping that changes without anyone changing the
# object (a modification date, "seen by the SR", set when the SR opens the page), and the text a
# guardian was shown, kept whole on the answer itself.
TRACKED: dict[str, dict] = {
    # The duplicate-search key is derived from the names and birth date, logged themselves.
    "licences.Pupil": {"exclude_fields": ["person_key"]},
    "licences.Licence": {},
    "licences.AdultLicence": {},
    "associations.SportsAssociation": {},
    "affiliations.Affiliation": {"exclude_fields": ["updated_at", "seen_by_sr_at"]},
    "affiliations.Officer": {},
    "affiliations.AffiliationAnimateur": {"m2m_fields": {"activities"}},
    "affiliations.SportsSection": {},
    "finance.BankAccount": {
        "mask_fields": ["iban"],
        "mask_callable": "opuss.finance.masking.mask_iban",
    },
    "finance.LedgerLine": {},
    "finance.Debit": {},
    "finance.Aid": {},
    "finance.PaymentModeChange": {},
    "guardians.GuardianResponse": {"exclude_fields": ["shown"]},
    "guardians.CorrectionHandling": {},
    "accounts.RoleAssignment": {},
    "association_life.AssociationStatistics": {
        "exclude_fields": ["updated_at"],
        "m2m_fields": {"activities"},
    },
}

# The rows of an object shown in its « Historique » with it (the affiliation's form is made of
# these), by the name of their reverse relation.
CHILDREN: dict[str, list[str]] = {
    "affiliations.Affiliation": ["officers", "animateurs", "sections"],
}

# Keys (in lower case) whose values are masked wherever an entry is shown, whichever model they
# come from (an AS's audit entry about its bank details has an "IBAN" key too).
MASKED_KEYS = {"iban": mask_iban}


def register_models() -> None:
    from auditlog.registry import auditlog

    for label, options in TRACKED.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, include_fields=_own_fields(model), **options)


def _own_fields(model) -> list[str]:
    """The model's own columns: left alone, auditlog also lists on a creation every relation
    that points to the model (an AS's licences, baskets...), each as "None"."""
    return [f.name for f in model._meta.get_fields() if f.concrete and not f.many_to_many]


def log_created(objects, actor) -> None:
    """django-auditlog's « Création » entries for rows written by bulk_create."""
    _log(LogEntry.Action.CREATE, [(None, obj, None) for obj in objects], actor)


def log_updated(changes, actor) -> None:
    """Its « Modification » entries for rows written by bulk_update: `changes` holds, for each
    row, (a copy of the row before, the row after, the fields changed)."""
    _log(LogEntry.Action.UPDATE, changes, actor)


def _log(action, changes, actor) -> None:
    entries = []
    for before, after, fields in changes:
        diff = model_instance_diff(
            before, after, fields_to_check=fields,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
        if diff:
            entries.append(_entry(action, after, diff, actor))
    LogEntry.objects.bulk_create(entries)


def _entry(action, obj, diff: dict, actor) -> LogEntry:
    author = actor if getattr(actor, "is_authenticated", False) else None
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=action,
        changes=diff,
        actor=author,
        actor_email=getattr(author, "email", None),
        cid=get_cid(),
    )
