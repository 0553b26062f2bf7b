"""Actors: the actor dictionary (named groups, state forces, role nouns), candidate phrases
in a sentence, syntactic roles, and the stage that fills actor1 / actor2."""
