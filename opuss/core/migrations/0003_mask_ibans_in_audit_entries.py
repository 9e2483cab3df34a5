"""Audit entries about bank details kept the IBAN in full, and every reader of an AS's history
(SD, SR) saw it: they now keep it masked, under the French names new entries use
(opuss.finance.services)."""

from django.db import migrations
from django.db.models import Q

# The keys older entries used, and the names new ones use.
NAMES = {
    "holder": "titulaire du compte",
    "iban": "IBAN",
    "bic": "BIC",
    "rum": "référence unique de mandat (RUM)",
}


def mask_iban(value):
    # A copy of opuss.finance.masking.mask_iban as it was when this migration was written.
    text = "" if value is None else str(value)
    compact = text.replace(" ", "")
    if compact in ("", "None") or "•" in compact:
        return "" if compact == "None" else text
    return f"{compact[:4]} •••• •••• {compact[-4:]}"


def renamed_and_masked(values):
    if not isinstance(values, dict) or "iban" not in values:
        return values
    return {
        NAMES.get(key, key): mask_iban(value) if key == "iban" else value
        for key, value in values.items()
    }


def mask_stored_ibans(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    entries = AuditEntry.objects.filter(Q(before__has_key="iban") | Q(after__has_key="iban"))
    for entry in entries.iterator():
        entry.before = renamed_and_masked(entry.before)
        entry.after = renamed_and_masked(entry.after)
        entry.save(update_fields=["before", "after"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_alter_auditentry_at")]

    operations = [migrations.RunPython(mask_stored_ibans, migrations.RunPython.noop)]
