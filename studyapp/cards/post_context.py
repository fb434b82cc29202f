"""What the generator knows about a post as a whole before it asks anything: the words it is about, the people
it names, who is speaking, its language. The post's subject is never an answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..takeaways.model import TakeawaySet
from .check import answer_key
from .first_names import is_first_name
from .model import CardSource
from .span_names import RANK_WORDS
from .spans import find_candidates
from .text import (
    STOPWORDS,
    content_stems,
    content_words,
    may_hold,
    named_in,
    norm_word,
    plural_stem,
    split_sentences,
    words,
    zipf_in,
)

# Who the post reports as speaking: "Tanaka says…", "Kim's advice…" (the name before the verb) or "said Dr. Osei",
# "according to Lee Park" (the name after it). Written as `\b([A-Z][\w\-’']+)(?:’s|'s)?\s+VERB\b|\b(?:said|says|according
# to|laut|selon|según|secondo|segundo)NAMED` with the first character taken out in front: a match starts with a
# capital or an "s", "a" or "l", a set of its own, so the pattern engine skips from one to the next in C instead of
# trying both alternatives at every position of the post. The same matches (see `_speech_names`).
_SPEECH_VERBS = (r"(?:says|said|argues|argued|recommends|recommended|explains|"
                 r"explained|notes|noted|thinks|believes|warns|warned|calls|called|tells|told|suggests|"
                 r"suggested|adds|added|points out|pointed out|insists|estimates|estimated|considers|asks|asked|opens|"
                 r"opened|talks|joins|closes|closed|answers|answered|confesses|admits|recalls|describes|"
                 r"walks|shares|jokes|"
                 r"advice|view|rule|tip|argument|point|claim|sagt|meint|erklärt|dice|afirma|explica|dit|"
                 r"explique|affirme|sostiene|spiega|diz|afirma)\b")
_SPEECH_NAMED = r"\s+(?:Dr\.?\s+|Prof\.?\s+)?(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)"
SPEECH_RE = re.compile(r"[A-Zsal](?<!\w.)(?:(?<=[A-Z])([\w\-’']+)(?:’s|'s)?\s+" + _SPEECH_VERBS +
                       r"|(?<=s)(?:aid|ays|elon|egún|econdo|egundo)" + _SPEECH_NAMED +
                       r"|(?<=a)ccording to" + _SPEECH_NAMED + r"|(?<=l)aut" + _SPEECH_NAMED + ")")
ROLE_RE = re.compile(r"\b(?i:host|hosts|co-host|guest|presenter|interviewer|moderator|narrator|Moderatorin|Moderator|"
                     r"Gast|anfitriona?|invitad[oa]|animatrice|animateur|invitée?|conduttrice|conduttore|ospite|"
                     r"apresentadora?|convidad[oa])\s+(?:Dr\.?\s+|Prof\.?\s+)?(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)")
ROLE_WORDS = ("host", "guest", "presenter", "interviewer", "moderator", "narrator", "gast", "anfitri", "invit",
              "animat", "condutt", "ospite", "apresentador", "convidad")  # one of which ROLE_RE needs
AUTHORS_RE = re.compile(r"^(?:[A-Z][\w\-’'.]*\s+){1,3}(?:and\s+(?:[A-Z][\w\-’'.]*\s+){0,2}[A-Z][\w\-]*)?['’]s\s+"
                        r"(?:new\s+|latest\s+|first\s+|\d{4}\s+)?(?:book|study|paper|lecture|talk|course|memoir|essay)")


# Where a word of `[\w\-’']+` starts with a capital or a non-ASCII letter: its first character is one of those, is
# itself a word character and follows none. The first character being a set of its own, the pattern engine skips
# from one capital to the next in C instead of trying every position of the post.
CAPITALISED_RUN_RE = re.compile(r"[A-Z\x80-\U0010ffff](?<![\w\-’'].)(?<=[\w\-’'])[\w\-’']*")


PLACED_RE = re.compile(r"\b(?:in|at|near|off|outside|island of)\s+"
                       r"((?:[A-Z][\w\-’'ñéí]+\s){1,2}[A-Z][\w\-’'ñéí]+)(?![\w\-’'])")


TITLE_PERSON_RE = re.compile(r"(?=\b([A-Z][a-z]+)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)")  # (pairs may overlap)


def _capitalised_words(text: str) -> list[str]:
    """`[w for w in re.findall(r"[\\w\\-’']+", text) if w[:1].isupper()]`, in the same order, without making (and
    testing) every word of the post: only the capitalised ones are names the post keeps mentioning."""
    return [w for w in CAPITALISED_RUN_RE.findall(text) if w[:1].isupper()]


def _speech_names(text: str) -> list[str]:
    """The speakers `SPEECH_RE` finds, in lower case: a name before its verb is the match's first character and
    group 1, a name after one the group of its verb's branch (each branch has one group)."""
    return [(m.group()[0] + m.group(1) if m.lastindex == 1 else m.group(m.lastindex)).lower()
            for m in SPEECH_RE.finditer(text)]


@dataclass
class _Context:
    ts: TakeawaySet
    topic: frozenset[str]
    people: frozenset[str]
    all_text: str  # evidence for which title-case words are names
    language: str
    asked: set[str]  # answer keys already asked somewhere in the post: one fact, one card
    used_sentences: set[str]
    title_key: str = ""
    speaker: str = ""  # the surname of the person the post is about, for "She says…" sentences
    quoted_speaker: bool = False  # found by how often the post quotes them, not by the title: only "She says…"
    subject: frozenset[str] = frozenset()  # `topic` without the words that are only frequent: the title's and the
    # speakers' words. A coined term the post keeps using ("bundle sheath" cells, "malic acid") is what it teaches,
    # not what it is about; only its title makes a term the subject.
    author_speaker: bool = False  # the speaker is the author of the book the title names ("… by Shelley Emling"):
    # named only where the post reports her words
    placed: frozenset[str] = frozenset()  # names the post puts after "in", "at", "near": places, whatever a
    # first name in them says ("in Nova Scotia", "at Murray Hill", "island of Daphne Major"), never people (sets S
    # and U: offered among people as options)
    people_subject: frozenset[str] = frozenset()  # what a person's name is tested against: the title's words and
    # the names the post is about (author, guest, speaker), not every frequent word. A history's "Crawford Long"
    # is no subject because "long" is a common word of the post, nor is Morton because the post tells his story
    # (blind set R: 390 of 489 uncovered takeaways had no card at all, many for a person counted as the topic)
    answered: Counter[str] = field(default_factory=Counter)  # a person's key -> the cards it answers so far
    asked_in: dict[str, set[str]] = field(default_factory=dict)  # a number's key -> the content words of the
    # passages a cloze asked it in: the same number in a sentence sharing no word with them is another fact
    pairs: dict[frozenset[str], str] = field(default_factory=dict)  # two names asked for each other in two
    # sentences ("[...] made Freon" in a takeaway, "Midgley made [...]" in a section): the same fact twice (set F)

    def source(self, section: str, text: str) -> CardSource:
        return CardSource(set_title=self.ts.title, section=section, text=text, url=self.ts.source.url)

    def foreign_word(self, text: str) -> bool:
        """In a post not in English, a capitalised common word of that language (a German noun) is not a name."""
        if self.language == "en":
            return False
        return all(zipf_in(w.lower(), self.language) >= 3.0 for w in words(text))


def _context(ts: TakeawaySet) -> _Context:
    docs = [t.full_text for t in ts.takeaways] + [" ".join(s.paragraphs) for s in ts.sections]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(content_stems(doc)))
    threshold = max(3, math.ceil(0.15 * len(docs)))
    topic = {w for w, n in df.items() if n >= threshold}
    frequent = set(topic)
    by_name: set[str] = set()  # what the post is about by name, not by count (see `_Context.people_subject`)

    def about(*keys: str) -> None:
        topic.update(keys)
        by_name.update(keys)
    people: set[str] = set()
    for doc in docs + ts.intro + ts.tldw + ts.thoughts:
        for sentence in split_sentences(doc):
            for span in find_candidates(sentence):
                if span.category == "person":
                    people.add(norm_word(span.text))
                    people.add(norm_word(span.text.split()[-1]))
    # The post's own subject: names in the title that the post keeps returning to (the speaker, their company,
    # the product), whatever their count, and the author.
    evidence = " ".join(docs)
    for span in find_candidates(ts.title.replace(":", ",")):
        if span.kind in ("name", "acronym"):
            for w in content_words(span.text):
                if not named_in(w, evidence):
                    continue  # a title-case word ("Building", "Economy"), not a name
                if df.get(plural_stem(w), 0) >= 2:
                    about(plural_stem(w))
    if ts.source.author:
        about(*content_words(ts.source.author))
    # The guest or host whose words the post reports ("Tanaka says…", "said Dr. Osei") is the post's speaker: the
    # blank would ask who is talking, which the whole post gives away.
    speech = Counter(_speech_names(" ".join(docs + ts.intro + ts.tldw + ts.thoughts)))
    roles = " ".join(ts.intro + ts.tldw + docs)
    for m in ROLE_RE.finditer(roles) if may_hold(roles, ROLE_WORDS) else ():  # "host Lena Byrne", "with guest Dr. Osei"
        about(m.group(1).lower())
    for m in re.finditer(r"\bDr\.?\s+(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)", " ".join([ts.title] + ts.intro + ts.tldw)):
        about(m.group(1).lower())  # the doctor the post opens with is its guest
    opening = " ".join([ts.title] + ts.intro + ts.tldw).lower()  # the guest and host are introduced up front;
    # a researcher the post quotes twice is a fact to learn ("Steel's equation")
    about(*(name for name, n in speech.items() if n >= 2 and (name in people or n >= 3) and
            re.search(rf"\b{re.escape(name)}\b", opening)))  # ("Clara recommends…" three times: the guest)
    for p, text in enumerate(ts.tldw + ts.intro):  # the company the TLDW introduces and the post keeps naming is
        for n, sentence in enumerate(split_sentences(text)):  # its subject
            for span in find_candidates(sentence):
                keys = [plural_stem(w) for w in content_words(span.text)]
                if span.category == "person" and p == n == 0 and keys and AUTHORS_RE.match(sentence) and \
                        span.start < AUTHORS_RE.match(sentence).end():  # "Carol Tavris and Elliot Aronson's book…":
                    about(keys[-1])  # the authors the post opens with are its subject
                if span.category == "person" or span.kind not in ("name", "acronym") or not keys:
                    continue
                # The subject of the opening sentence ("ERCOT added more storage in 2025 than …") is what the post
                # is about as soon as it comes back; elsewhere an organisation the post keeps naming.
                opener = n == 0 and not sentence[:span.start].strip(" “\"‘(")
                if all(df.get(k, 0) >= (1 if opener else 2) for k in keys) and (opener or span.category == "org"):
                    about(*keys)
    language = (getattr(ts, "language", None) or "en").split("-")[0].lower()
    named = [span.text for span in find_candidates(ts.title.replace(":", ","), frozenset(people))
             if span.category == "person"]
    if len(named) > 1:  # "Demis Hassabis on Games, AlphaFold and …": a one-word "name" beside a full one is a
        named = [n for n in named if " " in n] if sum(" " in n for n in named) == 1 else named  # product, not a person
    # Only a post about one person: with a host and a guest in the title, "he says" could be either.
    partner = re.search(r" and (?!the |a |an )", ts.title.split(" on ")[0])  # "Ana Ruiz and Tom Berg on …" (and
    # "… Summary, Lessons and Review": a title in title case may run a name into other words), not "Barbara
    # McClintock and the Genes That Move"
    speaker = named[0].split()[-1] if len(named) == 1 and not partner else ""
    if speaker and not re.search(rf"\b{re.escape(speaker)}\b", evidence) and "-" in speaker and \
            re.search(rf"\b{re.escape(speaker.split('-')[0])}\b", evidence):
        speaker = speaker.split("-")[0]  # "Cecilia Payne-Gaposchkin" in the title, "Payne" in the post
    if speaker and not re.search(rf"\b{re.escape(speaker)}\b", evidence):
        speaker = ""  # "Deep Work Summary": a title's first name that the post never names is nobody
    if not speaker:  # "22 Takeaways From Rebecca Holm on …", "How Sara
        # Blakely Built Spanx": a title in title case runs the name into its neighbours; a person the post itself
        # names in full, standing in the title, is the one it is about
        title = f" {' '.join(ts.title.lower().split())} "
        full = {p for p in people if " " in p and f" {p} " in title}
        full |= {m.group(1).lower() for m in re.finditer(r"\bDr\.?\s+((?:[A-Z][\w\-]+\s+)?[A-Z][\w\-]+)", ts.title)}
        if len(full) == 1:  # called by the surname, or by the first name when the post quotes it ("Tomás says…")
            parts = next(iter(full)).split()
            said = re.findall(r"[\w\-’']+", evidence)
            speaker = next((w for w in said if w.lower() == parts[-1]), "") or \
                next((w for w in said if w.lower() == parts[0] and w[:1].isupper() and speech[parts[0]]), "")
    quoted_speaker = False
    capitalised = _capitalised_words(evidence)  # (for three tests below)
    if not speaker:  # the guest the post keeps quoting ("Kim says…", "She pointed to…"), when there is one
        quoted = [(n, name) for name, n in speech.items() if n >= 2 and name in topic and name in people]
        if quoted:
            top = max(quoted)
            if sum(1 for n, _ in quoted if n == top[0]) == 1:
                speaker = next((w for w in re.findall(r"[\w\-’']+", evidence) if w.lower() == top[1]), "")
                quoted_speaker = bool(speaker)
    if not speaker:  # a book's author or a lecture's speaker the post keeps naming ("Gawande borrows…", "Gawande
        # led…", "he lays out the rules"): named in the opening, and far more often than anyone else
        mentions = Counter(w for w in capitalised if len(w) > 2 and w.lower() in people)
        ranked = mentions.most_common(2)
        if ranked and ranked[0][1] >= 4 and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]) and \
                re.search(rf"\b{re.escape(ranked[0][0])}\b", " ".join([ts.title] + ts.intro + ts.tldw)):
            speaker = ranked[0][0]
            about(speaker.lower())
    possessive = False
    if not speaker and not partner:  # "Bombshell: The Hedy Lamarr Story": the finder reads a title's name run on
        # into the words after it as one name, not a person. A known first name (one the post never writes in lower
        # case: not "Long Read"; no rank: not "General Magic") and a surname the post keeps using are the person it
        # is about
        said = Counter(capitalised)
        lower = f" {evidence} "
        full = {(first, last) for first, last in TITLE_PERSON_RE.findall(ts.title)
                if is_first_name(first) and norm_word(first) not in STOPWORDS and first.lower() not in RANK_WORDS
                and f" {first.lower()} " not in lower and said[last] >= 3 and norm_word(last) not in STOPWORDS}
        if len(full) == 1:
            speaker = next(iter(full))[1]
            possessive = bool(re.search(rf"\b{re.escape(speaker)}['’]s\b", ts.title))  # "Brian Reed's Portrait of
            # John B. McLemore": the maker of a work, named for what he says, not for its subject's "he lived…"
    if speaker:
        by_name.add(speaker.lower())
    title_words = set(map(plural_stem, content_words(ts.title)))
    subject = {w for w in topic if w not in frequent or w in title_words}
    # The one or two people the story is about, though no title names them: "Moses" in a summary of The Power
    # Broker, "Koenig" and "Syed" in one of Serial. Not the many people of a history ("Wells", "Long" and "Morton"
    # in one of ether, none named six times): those are its facts.
    mentions = Counter(w.lower() for w in capitalised if len(w) > 2 and w.lower() in people)
    top = max(mentions.values(), default=0)
    central = {w for w, n in mentions.items() if n >= 0.75 * top} if top >= 6 and top >= 0.25 * sum(mentions.values()) \
        else set()
    # "The Fossil Hunter by Shelley Emling": the author is named for "She argues …", not for a biography's "She
    # noticed …", which is its subject's (set W: "Emling noticed", "Hunt invented a pyrometer"), unless the author
    # is the one person the post is about ("Open by Andre Agassi")
    author = bool(speaker) and (possessive or bool(re.search(rf"\bby\s+(?:[A-Z][\w.\-’']*\s+){{0,3}}"
                                                            rf"{re.escape(speaker)}\b", ts.title))) and \
        central != {speaker.lower()}
    if not speaker and len(central) == 1 and re.search(rf"\b{re.escape(next(iter(central)))}\b", ts.title.lower()):
        speaker = next((w for w in re.findall(r"[\w\-’']+", evidence) if w.lower() in central), "")  # "… a Museum
        # Lecture on Hokusai": a one-word name the finder takes for no person, whom the post is about by count
    return _Context(ts, frozenset(topic), frozenset(people), " ".join(docs + ts.intro + ts.tldw + ts.thoughts), language,
                    set(), set(), f" {answer_key(ts.title)} ", speaker, quoted_speaker, frozenset(subject),
                    people_subject=frozenset(subject | by_name | central), author_speaker=author,
                    placed=frozenset(m.group(1).lower() for m in PLACED_RE.finditer(
                        " ".join(docs + ts.intro + ts.tldw + ts.thoughts))))
