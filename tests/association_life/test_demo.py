"""The demo's life of the AS: last season's figures entered before the deadline by most AS,
AS 24214's among them; this season's by a few, not yet by AS 24214."""

import random

import pytest

from opuss.accounts.enums import Role
from opuss.association_life.demo import seed_association_life
from opuss.association_life.models import AssociationStatistics
from tests.factories import AssociationFactory, SeasonFactory, affiliated_as, user_with_role

pytestmark = pytest.mark.django_db


def test_the_seed_as_entered_last_season_only(world):
    previous = SeasonFactory(start_year=2024, is_current=False)
    seed_as = AssociationFactory(establishment=world.a.association.establishment, code="24214")
    author = user_with_role(Role.AS_TEACHER, association=seed_as)
    for season in (previous, world.season):
        affiliated_as(seed_as, season)
    seed_association_life(random.Random(3))
    entered = AssociationStatistics.objects.get(association=seed_as)
    assert entered.season == previous and entered.updated_by == author
    assert entered.updated_at.date().isoformat() <= "2025-09-30"
    assert entered.activities.exists()
