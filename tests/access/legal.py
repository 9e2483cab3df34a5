from tests.access import PUBLIC

RULES = {
    # The legal pages, linked from every footer: for everyone, signed in or not.
    "core:legal_notice": (None, PUBLIC),
    "core:accessibility": (None, PUBLIC),
    # AGPL § 13: the running code, for anyone the service answers.
    "core:source": (None, PUBLIC),
    "core:source_archive": (None, PUBLIC),
}
