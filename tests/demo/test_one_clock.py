"""The demo is dated on one clock, its own (OPUSS_NOW): nothing it shows was made later than
its « now », not a licence created after it was printed, nor a history entry dated next year."""

from datetime import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from opuss.core import clock

pytestmark = pytest.mark.django_db

# Dates meant to lie ahead of the demo's day: what is planned, and when it expires.
AHEAD = {
    "competitions.Competition.date",
    "competitions.Competition.entry_deadline",
    "register.RegisterEvent.date",
    "register.RegisterEvent.end_date",
    "guardians.GuardianResponse.keep_until",
}


def fields_later_than(moment: datetime) -> list[str]:
    """Every date and time of the database later than this moment, planned ones aside."""
    later = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if not isinstance(field, models.DateField) or name in AHEAD:
                continue
            bound = moment if isinstance(field, models.DateTimeField) else moment.date()
            if model._default_manager.filter(**{f"{field.name}__gt": bound}).exists():
                later.append(name)
    return later


def test_nothing_in_the_demo_is_later_than_its_clock(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    call_command("seed", force=True)
    later = fields_later_than(clock.now())
    for shown in (
        "licences.Licence.created_at",
        "licences.Basket.created_at",
        "finance.BankAccount.created_at",
        "core.AuditEntry.at",
        "auditlog.LogEntry.timestamp",
        "accounts.User.date_joined",
    ):
        assert shown not in later
    assert later == []


def test_without_opuss_now_the_demo_is_dated_on_the_day_of_make_run(settings):
    settings.OPUSS_NOW = ""
    call_command("seed", force=True)
    assert fields_later_than(datetime.fromisoformat("2025-10-06T10:00:00+02:00")) == []
