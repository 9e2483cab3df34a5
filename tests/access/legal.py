from tests.access import PUBLIC

RULES = {
    # The legal pages, linked from every footer: for everyone, signed in or not.
    "core:legal_notice": (None, PUBLIC),
    "core:accessibility": (None, PUBLIC),
}
