"""Detect: find the sentences that report an event and the words that trigger it."""

from __future__ import annotations

import re

from .document import Mention, WorkDoc

_TRIGGER = re.compile(r"\b(airstrikes?|strikes?|attack(?:ed|s)?|kill(?:ed|ing)|clash(?:ed|es)?|"
                      r"protest(?:ed|s|ers)?|bomb(?:ing|ed)?|shell(?:ing|ed))\b", re.I)


class EventDetector:
    """Adds one ``Mention`` per sentence holding an event trigger."""

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        for i, sent in enumerate(wd.sentences()):
            m = _TRIGGER.search(sent.text)
            if m is None:
                continue
            start = sent.start_char + m.start()
            wd.mentions.append(
                Mention(
                    sent_index=i,
                    sent=(sent.start_char, sent.end_char),
                    trigger=(start, sent.start_char + m.end()),
                    trigger_key=m.group(1).lower(),
                )
            )
        return wd
