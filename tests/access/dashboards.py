from tests.access import only

RULES = {
    # Issue #15: one dashboard per level, each person's own territory (an AS its own figures);
    # the pupil has none. Units named in the query are checked in tests/dashboards.
    "dashboards:dashboard": (
        None,
        only(
            {"teacher", "secretary", "sd", "sr", "dn", "teacher_b", "secretary_b", "sd_b", "sr_b"}
        ),
    ),
}
