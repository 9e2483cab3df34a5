"""`opuss seed --national`: the whole federation at the rentrée, deterministically (one seed), for
training and for the bench. About 30 académies, 100 departments, 400 districts, one AS per 120
pupils (10,000 for the default 1.2 million) with their people, pupils licensed this season and
last, affiliations with their ledger lines, guardians' links and answers, articles and
September's direct-debit run, all on the demo's clock. Rows go in bulk (COPY on PostgreSQL,
`bulk_create` elsewhere), in one transaction; progress is told on stderr."""

import random
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from time_machine import travel

from opuss.core import clock
from opuss.demo import data as demo_data
from opuss.demo.national import extras
from opuss.demo.national.affiliations import AffiliationBuilder, plan
from opuss.demo.national.progress import Progress, thousands
from opuss.demo.national.pupils import Moments, PupilBuilder
from opuss.demo.national.reference import academies
from opuss.demo.national.sink import Sink
from opuss.demo.national.territories import MapBuilder, People
from opuss.demo.seed import BASKETS_VALIDATED, CURRENT_SEASON_START, DEMO_NOW, SILENT
from opuss.seasons.models import Season

DEFAULT_PUPILS = 1_200_000
PUPILS_PER_AS = 120
BIG_AS = 4  # large lycées first, whose many pupils to renew the bench's baskets take
SEED = 2025


@dataclass(frozen=True)
class Summary:
    pupils: int
    associations: int
    licences: int
    debits: int
    seconds: float


def association_count(pupils: int) -> int:
    return max(len(academies()), round(pupils / PUPILS_PER_AS))


def seed_national(pupils: int = DEFAULT_PUPILS, progress: Progress | None = None) -> Summary:
    progress = progress or Progress()
    moment = clock.now() if settings.OPUSS_NOW else DEMO_NOW
    with override_settings(EMAIL_BACKEND=SILENT), travel(moment, tick=False), \
            transaction.atomic():
        summary = _build(pupils, timezone.now(), progress)
    return summary


def _build(pupils: int, now: datetime, progress: Progress) -> Summary:
    rng = random.Random(SEED)
    sink = Sink()
    password = make_password(demo_data.DEMO_PASSWORD)  # hashed once, shared
    previous = Season.objects.create(start_year=CURRENT_SEASON_START - 1)
    current = Season.objects.create(start_year=CURRENT_SEASON_START, is_current=True)
    people = People(rng)
    progress.say(f"Saison {current.label}, {thousands(pupils)} élèves")
    territories = MapBuilder(sink, rng, people, now, password).build(
        association_count(pupils), big=BIG_AS)
    progress.say(f"Carte : {len(territories.academies)} académies, "
                 f"{len(territories.departments)} départements, {len(territories.places)} AS")
    plans = plan(territories.places, pupils, rng)
    AffiliationBuilder(sink, rng, territories, (previous, current), now).build(plans)
    progress.say("Affiliations et comptes des AS")
    builder = PupilBuilder(sink, rng, people, (previous, current),
                           Moments(now, BASKETS_VALIDATED), password, progress)
    builder.build(plans)
    extras.seed_articles(sink, rng, territories, now)
    sink.reset_sequences()
    debit_count = extras.seed_money(rng, current, territories)
    progress.say(f"Prélèvements de septembre : {debit_count}")
    extras.remember_accounts(territories, builder, current)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from opuss.licences.models import Licence

    licences = sink.written.get(Licence, 0)
    progress.say("Terminé")
    return Summary(pupils, len(territories.places), licences, debit_count, progress.elapsed())
