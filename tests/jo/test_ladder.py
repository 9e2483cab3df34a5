"""Who certifies at which level: "JO certification by a teacher (AS, district) or an SD/SR
(higher levels)". Pure rules, no database."""

import pytest

from opuss.jo.enums import JoLevel
from opuss.jo.ladder import LEVELS, Authority, grantable_levels, may_grant

AS, SD, SR, DN = Authority.ASSOCIATION, Authority.DEPARTMENT, Authority.ACADEMY, Authority.NATION


@pytest.mark.parametrize(
    ("authorities", "levels"),
    [
        (set(), ()),
        ({AS}, ("DISTRICT",)),
        ({SD}, ("DISTRICT", "DEPARTMENT")),
        ({SR}, ("DISTRICT", "DEPARTMENT", "ACADEMY")),
        ({DN}, ("DISTRICT", "DEPARTMENT", "ACADEMY", "NATIONAL", "INTERNATIONAL")),
        ({AS, SD}, ("DISTRICT", "DEPARTMENT")),
        ({AS, SR}, ("DISTRICT", "DEPARTMENT", "ACADEMY")),
    ],
)
def test_each_authority_certifies_up_to_its_own_level(authorities, levels):
    assert grantable_levels(authorities) == levels


@pytest.mark.parametrize(
    ("authority", "refused"),
    [(AS, "DEPARTMENT"), (SD, "ACADEMY"), (SR, "NATIONAL"), (SR, "INTERNATIONAL")],
)
def test_no_one_certifies_above_his_level(authority, refused):
    assert not may_grant({authority}, refused)


def test_only_the_national_direction_gives_national_and_international_levels():
    for level in ("NATIONAL", "INTERNATIONAL"):
        assert [a for a in Authority if may_grant({a}, level)] == [DN]


def test_someone_with_no_authority_over_the_pupil_certifies_nothing():
    assert not any(may_grant(set(), level) for level in LEVELS)


def test_the_ladder_and_the_interface_list_the_same_levels_lowest_first():
    assert tuple(JoLevel.values) == LEVELS
