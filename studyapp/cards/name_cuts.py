"""A blank that is one piece of a longer name ("[...]. Brown", "the Democratic Republic of the [...]", "van [...]"):
the rest of the name stands in the prompt, so the card reads as broken text or gives its answer away."""

from __future__ import annotations

import re

from ..kinds import BLANK

_NAME_BEFORE_RE = re.compile(r"(?:^|(?<=[^\s.:!?]) )([\"“]?[A-Z][\w\-’']*[\"”]?) " + re.escape(BLANK))
_PARTICLE_BEFORE_RE = re.compile(r"(?:\b(?:Republic|Kingdom|Church|Chancellor|Lord|Union|Order)\s+of the|"
                                 r"\b[A-Z][\w\-’']*\s+(?:de['’]|di|de|van|von|da|del|della|du|des|der)|"
                                 r"\b(?:van|von|van der|van den|von der|ter|ten))\s+" + re.escape(BLANK))
# (not "Harry Bridges of the [...]": a person, then the body he belongs to)
_NAME_AFTER_RE = re.compile(re.escape(BLANK) + r" [A-Z][a-z][\w\-’']*")
NOT_NAME_BEFORE = frozenset("""The A An Le La Les L El Los Las Il Lo Gli Der Die Das Den Dem Des Ein Eine De Du Of In On
At By For From To And Or But Im Am Vom Zum Zur Nel Nella Del Della Dei Da Do Dos Das Na No Em Os As Um Uma Un Une
President Dr Prof Professor Sir Lord Lady King Queen Pope Saint St Senator General Captain Emperor Minister
Chancellor Mr Mrs Ms Judge Justice Governor Chairman Vice
January February March April May June July August September October November December Januar Februar März Mai Juni
Juli Oktober Dezember""".split())
_DESIGNATION_AFTER_RE = re.compile(re.escape(BLANK) + r"(?:[+\-–]\d|['’](?!s\b)[a-z]|['’]s of [A-Z])")
# ("[...]+21", "[...]'an": Xi'an, "[...]'s of London": Lloyd's)


def cuts_name(answer: str, prompt: str) -> bool:
    """"[...]. Brown" (answer "Harold P"), "the Claude "Bud" [...] plant", "upstream to [...] Ditton", "He [...]'s
    experiment": a blank that is one piece of a longer name reads as broken text (blind grading, sets D and E)."""
    if re.search(r"(?:^|\s)(?:[A-Z]|Jr|Sr|St|No|Nr)$", answer) and re.search(re.escape(BLANK) + r"[.'’]", prompt):
        return True  # the name goes on after an initial or an apostrophe ("[...]. at General Motors": "Jr.")
    if not answer[:1].isupper() or not re.search(r"[^\W\d]", answer):
        return False
    if answer.split()[-1][:1].isupper() and _NAME_AFTER_RE.search(prompt):
        return True
    if BLANK in prompt and (_PARTICLE_BEFORE_RE.search(prompt) or _DESIGNATION_AFTER_RE.search(prompt)):
        return True  # "the Democratic Republic of the [...]", "Cosimo II de' [...]": the rest of a name in view
        # (set U, X: TRIV), "sent van [...] to film her", "[...]+21" (PSR B1919+21; set Y)
    return any(m.group(1).strip("\"“”") not in NOT_NAME_BEFORE and not m.group(1).isupper()
               for m in _NAME_BEFORE_RE.finditer(prompt) if m.start(1) > 0)
