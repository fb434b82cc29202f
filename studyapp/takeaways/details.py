"""A post's details lines: site, tags, date and author, wherever a site puts them before the post.

"Tag: grid storage", "By Hanna Lindqvist", "Posted on October 21, 2025 by Omar Haddad", "17.01.2026",
"Chloé Martin · May 2, 2026 · 6 min read", "Por Lucía Fernández | 12 de marzo de 2026": each goes into the set's
`source` and out of the intro. Month names of other languages come from the table in headings.py.
"""

from __future__ import annotations

import re
from datetime import datetime

from .blocks import Block
from .headings import MONTHS, SITE_RE
from .model import Source

TAG_LINE_RE = re.compile(r"^(?:tags?|categor(?:y|ies)|filed\s+under|topics?|author|autor|auteur)\s*:\s*(?P<tags>.+)$",
                         re.I)
BY_LINE_RE = re.compile(r"^(?:by|written\s+by|posted\s+by|von|por|par|di|publicado\s+por|publié\s+par|"
                        r"veröffentlicht\s+von|pubblicato\s+da)\s+(?P<name>[^\d,·|]{2,60}?)\.?"
                        r"(?:\s*[·|•]\s*.*)?$", re.I)
POSTED_BY_RE = re.compile(r"^(?:(?:posted|published)\s+on\s+(?P<date>.{6,30}?)\s+by|publié\s+le\s+(?P<date_fr>.{6,30}?)\s+par|"
                          r"publicado\s+(?:el|em)\s+(?P<date_es>.{6,30}?)\s+por|veröffentlicht\s+am\s+"
                          r"(?P<date_de>.{6,30}?)\s+von|pubblicato\s+il\s+(?P<date_it>.{6,30}?)\s+da)\s+"
                          r"(?P<name>[^\d,]{2,60})$", re.I)  # "Publié le 23 novembre 2021 par Hélène Marchal"
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y", "%d.%m.%Y", "%d/%m/%Y")
META_LINE_RE = re.compile(r"^(?:(?:published|posted|updated|created|publié le|publicado el|veröffentlicht am|"
                          r"pubblicato il|publicado em)(?:\s+on)?\s*:?\s*)?(?P<date>.{6,40})$", re.I)
READ_TIME_RE = re.compile(r"^\d+\s*(?:min|mins|minute|minutes|minuti|minutos)(?: (?:read|di lettura|de lectura))?$|"
                          r"^lesezeit|^\d+ blinks$|^\d+ minuti di lettura$", re.I)
# A line that is only a reading time, "Temps de lecture : 7 min" (not "Reading time: 20 minutes a day is enough …")
READ_TIME_LINE_RE = re.compile(r"^(?:reading time|read time|temps de lecture|tiempo de lectura|tempo di lettura|tempo de "
                               r"leitura|lesezeit|leestijd)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min|mins|minutes?|minuten|"
                               r"minuti|minutos)\.?$", re.I)
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\b\.?", re.I)


def parse_date(text: str) -> str | None:
    """ISO date of a date line in any of the usual shapes and languages, else None."""
    m = META_LINE_RE.match(text.strip())
    if not m:
        return None
    text = re.sub(r"(\d)(st|nd|rd|th|er|º)\b", r"\1", m["date"].strip().rstrip("."))
    text = re.sub(r"^(\d{1,2})\.\s+(?=[^\W\d])", r"\1 ", text)  # "3. März 2022"
    # "March 3, 2025 10:12 AM", "3 mars 2026 à 07h45", "12 de marzo de 2026 a las 9:30"
    text = re.sub(r",?\s+(?:à|a las|um|at|alle|às)?\s*\d{1,2}[h:.]\d{2}(?:\s*[AP]M|\s*uhr)?$", "", text, flags=re.I)
    text = _MONTH_RE.sub(lambda mm: MONTHS[mm.group(1).lower()], text)
    text = re.sub(r"^(\d{1,2}) de (\w+) de (\d{4})$", r"\1 \2 \3", text)  # "12 de marzo de 2026"
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _posted_date(m: re.Match[str]) -> str:
    """The date of a "Posted on … by …" line, in whichever language's group matched."""
    return next(d for d in (m["date"], m["date_fr"], m["date_es"], m["date_de"], m["date_it"]) if d)


def _name(text: str) -> str | None:
    """A person's name: two to four words, each capitalised (particles such as 'von' or 'de' allowed)."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return None
    if all(w[:1].isupper() or w.lower() in ("von", "van", "de", "da", "del", "di", "le", "la") for w in words):
        return text
    return None


def details_line(text: str) -> tuple[str | None, str | None] | None:
    """'Chloé Martin · May 2, 2026 · 6 min read' -> (author, date), when a separated line holds a date or a read
    time."""
    pieces = [p.strip() for p in re.split(r"\s+[·•|]\s+", text)]
    if len(pieces) < 2 or len(text) > 160:
        return None
    dates = [d for p in pieces if (d := parse_date(p))]
    if not dates and not any(READ_TIME_RE.match(p) for p in pieces):
        return None
    m = BY_LINE_RE.match(pieces[0])
    author = m["name"].strip() if m else _name(pieces[0])
    return author, (dates[0] if dates else None)


def is_details(block: Block, author: str | None = None) -> bool:
    text = block.text.strip()
    if block.kind == "heading" and block.level == 1:
        return False
    return bool(SITE_RE.match(text) or (TAG_LINE_RE.match(text) and len(text) < 200) or parse_date(text)
                or (BY_LINE_RE.match(text) and len(text.split()) <= 12) or POSTED_BY_RE.match(text)
                or details_line(text) or READ_TIME_LINE_RE.match(text) or
                (author and text.casefold() == author.casefold()))


def read_details(block: Block, source: Source) -> bool:
    """Put a details line into `source`; True when the block was one."""
    text = block.text.strip()
    if block.kind == "heading" and block.level == 1:
        return False
    if SITE_RE.match(text):
        source.site = source.site or text.rstrip("/")
    elif (m := TAG_LINE_RE.match(text)) and len(text) < 200:
        if not text.lower().startswith(("author", "autor", "auteur")):
            source.tags += [t.strip() for t in re.split(r"\s*[,|·]\s*", m["tags"]) if t.strip()]
    elif date := parse_date(text):
        source.published = source.published or date
    elif (m := POSTED_BY_RE.match(text)) and parse_date(_posted_date(m)):
        source.published = source.published or parse_date(_posted_date(m))
        source.author = source.author or m["name"].strip()
    elif details := details_line(text):
        source.author = source.author or details[0]
        source.published = source.published or details[1]
    elif (m := BY_LINE_RE.match(text)) and len(text.split()) <= 12:
        source.author = source.author or m["name"].strip()
    elif source.author and text.casefold() == source.author.casefold() or READ_TIME_LINE_RE.match(text):
        pass  # the author's name on its own line, as the page's metadata already says; "Temps de lecture : 7 min"
    else:
        return False
    return True
