"""The models whose every change django-auditlog records by itself, whatever code saves them:
the trail does not depend on each service remembering to call `opuss.core.audit.record` (that
one stays for business actions: « affilier », « licence transférée »...).

Signals see save() and delete(), also a QuerySet.delete(); they do not see QuerySet.update()
nor bulk_create(): such writes on these models are each followed by an explicit record() (see
the report of issue #11 and tests/core/test_audit_trail.py)."""

from django.apps import apps

from opuss.finance.masking import mask_iban

# model label -> what is never logged: bookkeeping that changes without anyone changing the
# object (a modification date, "seen by the SR", set when the SR opens the page), and the text a
# guardian was shown, kept whole on the answer itself.
TRACKED: dict[str, dict] = {
    "licences.Pupil": {},
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
