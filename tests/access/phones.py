from tests.access import PUBLIC

RULES = {
    # The icon browsers ask for on every page, signed in or not (issue #12).
    "core:favicon": (None, PUBLIC),
}
