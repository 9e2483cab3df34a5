"""Demo data: a few of last season's licensees have asked their AS to renew (seed 000's
"Renouvellement"); the seed AS 24214 finds them in "Prendre des licences"."""

import random
from datetime import timedelta

from opuss.demo.tables import load
from opuss.licences.models import RenewalRequest
from opuss.licences.services import former_licensees
from opuss.seasons.models import Season

TABLE = load("renewals.toml")


def seed_renewals(rng: random.Random, associations, moment) -> dict[str, int]:
    """Requests made in the days before `moment` to each of these AS."""
    season = Season.objects.current_or_none()
    made = 0
    if season is None:
        return {"renewal_requests": 0}
    for association in associations:
        former = list(former_licensees(association, season)[:10])
        for pupil in rng.sample(former, min(TABLE["requests_per_as"], len(former))):
            RenewalRequest.objects.create(
                pupil=pupil,
                association=association,
                season=season,
                message=rng.choice(TABLE["messages"]),
                created_at=moment - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 9)),
            )
            made += 1
    return {"renewal_requests": made}
