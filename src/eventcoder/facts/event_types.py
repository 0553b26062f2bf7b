"""ACLED event types (exact codebook spellings) and the families stages reason with.

The families, in one place so that no two stages disagree about them:

- ``ARMED_VIOLENCE``: organised armed violence, where one side attacks another (Battles,
  Explosions/Remote violence, Violence against civilians). Actor roles follow attacker and
  target.
- ``DEMONSTRATIONS``: Protests and Riots; the demonstrators are actor1.
- ``LETHAL``: the types whose reports carry tolls and that a later "the attack" may refer
  back to: armed violence and Riots.
- ``EVENTFUL``: every type that reports something that happened on the ground (all but
  Strategic developments).
- ``TWO_SIDED``: the sides may be given in either order (Battles; a transfer of territory).
- ``VIOLENT_PLOVER``: PLOVER types that are physical acts when no ACLED type is known.
"""

from __future__ import annotations

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

ACLED_EVENT_TYPES = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, PROTESTS, RIOTS,
                     STRATEGIC_DEVELOPMENTS)

ARMED_VIOLENCE = frozenset({BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS})
DEMONSTRATIONS = frozenset({PROTESTS, RIOTS})
LETHAL = ARMED_VIOLENCE | {RIOTS}
EVENTFUL = ARMED_VIOLENCE | DEMONSTRATIONS
TWO_SIDED = frozenset({BATTLES, "Non-violent transfer of territory"})
VIOLENT_PLOVER = frozenset({"ASSAULT", "PROTEST", "COERCE"})
