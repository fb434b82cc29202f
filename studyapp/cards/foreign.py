"""Posts in other languages than English, for which there is no tagger: the words that point back to a sentence
the card does not show ("er", "dort", "Damit …", "Fueron …"), and the dates of a life in several languages.
"""

from __future__ import annotations

import re

from .text import MONTH_WORDS, words

SUBJECT_PRONOUNS = {"fr": "il|ils|elle|elles", "de": "er|sie", "es": "él|ella|ellos|ellas", "pt": "ele|ela|eles|elas",
                    "it": "lui|lei|loro|esso|essa", "nl": "hij|zij|ze"}
# Words that point back in the other languages (the English ones are `references.py`'s): "dort", "Letzteres",
# "ese tratado", "ultrapassou-o", "ce dernier" in a card that does not show what they point at.
# Openers that lean on the sentence before, like English "however"/"also" (`references.CONNECTIVE_RE`): "Damit
# hatte die Mauer…", "Außerdem sei es schwer…", "Tercero, captar lluvia…"
FOREIGN_OPENERS = {"de": r"Damit|Dadurch|Deshalb|Daher|Dabei|Danach|Dafür|Dazu|Darum|Trotzdem|Dennoch|Außerdem|Zudem|"
                         r"Allerdings|Auch|Hinzu|Ebenso|(?:Das|Dies|Diese|Dieser|Dieses)(?=\s+[a-zäöü])",
                   "es": r"Además|Por eso|Por ello|Sin embargo|Así|Entonces|Primero|Segundo|Tercero|Cuarto|También|"
                         r"Ni siquiera|Fue|Fueron|Era|Eran|Murieron|Murió",
                   "pt": r"Além disso|Por isso|No entanto|Assim|Contudo|Também|Primeiro|Segundo|Terceiro|Foi|Foram|"
                         r"Era|Eram|Morreram|Morreu",
                   "fr": r"Ainsi|Pourtant|Cependant|En outre|De plus|Donc|Aussi|Toutefois|Néanmoins",
                   "it": r"Inoltre|Quindi|Tuttavia|Così|Perciò|Anche|Eppure|Era|Erano|Fu|Furono|Morirono"}
# ("Das entsprach genau …": in German a capital-less word after "Das" is a verb, so "Das" is a pronoun; "Fueron unos
# 130 días", "Morreram mais de 8 mil", "Erano compatibili": a verb opening the sentence with its subject left in the
# one before; set U, W and X)
FOREIGN_POINTERS = {"de": r"dort|dorthin|damals|letztere[rsn]?|erstere[rsn]?|jene[rsnm]?|daran|darauf|davon|darüber|"
                          r"diese[mnrs]?\s+Hintergrund",
                    "es": r"allí|ahí|allá|ese|esa|esos|esas|dicho|dicha|dichos|dichas|aquel|aquella|aquellos|aquellas|"
                          r"eso|ello",
                    "pt": r"lá|ali|esse|essa|esses|essas|aquele|aquela|\w+-(?:o|a|os|as|lo|la|los|las)|disso|nisso|"
                          r"isso|daquilo",
                    "fr": r"là-bas|celui-ci|celle-ci|ce dernier|cette dernière|ces derniers|ces dernières",
                    "it": r"lì|là|quello|quella|quelli|quelle|codesto|costui|costei|ciò"}
MONTH_IN_RE = re.compile(r"\b(?:" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + r")\b", re.I)
# (asked of a number's own text, "May 2021", "9. November 1878": no verb "may" there)
LIFE_EVENT_RE = re.compile(r"\b(?:died|dies|born|death|funeral|buried|geboren|gestorben|starb|murió|nació|mourut|"
                           r"née?|morreu|nasceu|morì|nacque)\b", re.I)


FULL_STOP_RE = re.compile(r"[.!?][\"”’)»]*$")


def _points_back(text: str, pronouns: str | None, pointers: str | None, unless_a_name_follows: bool = False) -> bool:
    """In a language without a tagger: a subject pronoun ("il", "er"; not one before a name, when asked) or a pointer
    ("dort", "ese") that needs an earlier sentence."""
    after = r"(?!\s+[A-ZÀ-Ý])" if unless_a_name_follows else ""
    return bool(pronouns and re.search(rf"(?<![\-’'])\b(?i:{pronouns})\b{after}", text) or
                pointers and re.search(rf"(?<![\w\-])(?i:{pointers})(?![\w\-])", text))


def _names_the_referent(previous: str, pronouns: str | None, pointers: str | None) -> bool:
    """A sentence (in a language without a tagger) that can stand before one whose pronoun points back: short, a
    full sentence, naming someone or something with a capital past its first word, and leaning on nothing itself."""
    return len(words(previous)) <= 25 and bool(FULL_STOP_RE.search(previous)) and \
        bool(re.search(r"\s[A-ZÀ-Ý][\w\-]+", previous)) and not _points_back(previous, pronouns, pointers)
