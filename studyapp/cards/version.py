"""Which card generator made a collection's cards; kept apart so opening a collection need not import the generator."""

# Bump when the cards made from the same set change: collections made by an older generator re-make theirs on
# opening (collection/regenerate.py), keeping every card whose fact is still asked, with its history.
GENERATOR_VERSION = 40
