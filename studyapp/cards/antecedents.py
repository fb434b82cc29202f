"""A sentence that leans on the one before it ("He says…", "The idea was…", "this pattern") is shown with what it
leans on, or gets no card: a learner must know what is asked without the post in front of them.
"""

from __future__ import annotations

import re

from .check import BLANK, anaphoric_opener, opens_with_reference, refers_back
from .first_names import gender
from .references import BREAKDOWN_RE, dangling_pointer, echoes_previous
from .post_context import _Context  # noqa: F401
from .spans import find_candidates
from .tagging import NOUN_TAGS, tag
from .text import STOPWORDS, content_words, norm_word, search_lower, whole_words_pattern, words

MAX_ANTECEDENT_WORDS = 28
CITED_BEFORE_RE = re.compile(r"\b(?i:by|including|such as|like|from|of)\s+(?:(?:[Dd]r|[Pp]rof|[Pp]rofessor|"
                             r"[a-z]+ist|researcher|economist|psychologist|author)\.?\s+)?$")
def _with_antecedent(sentences: list[str], si: int, prompt: str, answer: str, speaker: str = "",
                     people: frozenset[str] = frozenset(), speech_only: bool = False) -> str | None:
    """A sentence opening with "He"/"It"/"This" needs the sentence before it; None when that is not to be had
    (a long one, or one holding the answer). "She says…" in a post about one guest is about the guest: the
    guest's name stands in for the pronoun."""
    previous = sentences[si - 1] if si > 0 else ""
    if not _leans_back(prompt, si, previous, people, speaker, answer):
        return prompt
    if speaker and not PERSONAL_START.match(prompt) and _loose_pronoun(prompt) and not _someone_else_before(
            previous, speaker, people):  # "The car: a project … was cancelled in 2019 because he did not think …",
        # "5,127 prototypes: he built them …" in a post about one guest: "he" is the guest, named as at a sentence's
        # start (blind set AB: such takeaways had no card at all)
        named = name_the_guest(prompt, speaker, answer, people, speech_only)
        if named != prompt and not _leans_back(named, si, previous, people, speaker, answer):
            return named
    label = LABEL_THEN_PERSON_RE.match(prompt) if speaker else None
    if label:  # "The Nobel: She received the 1983 prize …" in a post about one person: the label stays the cue
        named = _guest_named(prompt[label.end():], speaker, answer, speech_only, people)
        if named and not dangling_pointer(named, people, speaker, answer):
            return prompt[:label.end()] + named
    back = si - 1  # "Alice Kober refused to guess… She recorded every sign… Her key finding was…": a run of
    while back > 0 and PERSONAL_START.match(sentences[back]):  # sentences about one person goes back to her name
        back -= 1
    named_in = sentences[back] if back >= 0 and PERSONAL_START.match(prompt) else previous
    persons = [s for s in find_candidates(named_in, people) if s.category == "person"] if named_in else []
    if named_in is not previous and not (persons and persons[0].start == 0):
        named_in = previous  # (only a name that opens the run's first sentence is its subject)
        persons = [s for s in find_candidates(previous, people) if s.category == "person"] if previous else []
    others = {s.text.split()[-1] for s in persons}
    if PERSONAL_START.match(prompt) and others and speaker and speaker not in others and \
            SUBJECT_PRONOUN_RE.search(previous) and persons[0].start > 0:  # "With Don Marinelli he co-founded
        # the ETC. He also described Alice…": the sentence before was about the guest too; Marinelli is its object
        return _guest_named(prompt, speaker, answer, speech_only, people)
    if PERSONAL_START.match(prompt) and others:  # "Newport defines deep work as … He estimates that …": the
        if len(others) > 1:  # one person the sentence before names stands in for "He" ("His idea" after a
            return None  # sentence about McLean is McLean's, whoever the guest is)
        if persons[0].start > 0 and _opens_with_a_name(named_in):
            return None  # "Stravinsky had written two hits for Diaghilev. He later said…": the sentence's own
            # subject, a name the finder did not take for a person, is who "He" is (set U: "Diaghilev later said")
        if CITED_BEFORE_RE.search(named_in[:persons[0].start]):
            return None  # "… research by Tom Hobbs and colleagues. His summary: …" is the guest's summary, not
            # Hobbs's: someone cited in passing is not who "He" is (blind grading: a card that credits the wrong
            # person teaches a falsehood)
        named_prompt = _name_speaker(prompt, next(iter(others)), people | {persons[0].text.lower()})
        if named_prompt and not refers_back(named_prompt) and \
                not set(content_words(answer)) & set(content_words(" ".join(others))):
            return named_prompt
        return None
    if PERSONAL_START.match(prompt) and previous and (re.search(r"\b(?:He|She)\s+[A-Z][a-z]", previous) or any(
            s.kind == "name" and len(s.text.split()) >= 2 and speaker not in s.text
            for s in find_candidates(previous, people))):
        return None  # "He Jiankui edited embryos. He was sentenced…": someone else may be meant, not the guest
    someone_else = PERSONAL_START.match(prompt) and HUMAN_SUBJECT_RE.match(previous)  # "The intruder had root. He
    # had used a flaw…": "He" is the intruder, not the guest (set O: "Stoll had used a flaw" taught a falsehood)
    named = None if someone_else else _guest_named(prompt, speaker, answer, speech_only, people)
    if named:
        return named
    if si == 0 or PERSONAL_START.match(prompt) and not someone_else:
        return None  # nobody named before: "She" would still point at no one
    if len(words(previous)) > MAX_ANTECEDENT_WORDS or set(content_words(answer)) & set(content_words(previous)) \
            or opens_with_reference(previous) or refers_back(previous) or anaphoric_opener(previous) or \
            dangling_pointer(previous, people, speaker) or BREAKDOWN_RE.match(previous) or \
            not re.search(r"[.!?][\"”’)]*$", previous.strip()):
        return None  # the sentence before must stand on its own (not a heading, not itself leaning back)
    return f"{previous} {prompt}"


def _leans_back(prompt: str, si: int, previous: str, people: frozenset[str], speaker: str, answer: str) -> bool:
    """Whether the prompt points at something before it that it does not show."""
    return opens_with_reference(prompt) or refers_back(prompt) or _loose_pronoun(prompt) or \
        si > 0 and anaphoric_opener(prompt) or dangling_pointer(prompt, people, speaker, answer) or \
        echoes_previous(prompt, previous)


def _someone_else_before(previous: str, speaker: str, people: frozenset[str]) -> bool:
    """Whether the sentence before names a person other than the guest, whom a "he" may mean."""
    return bool(previous) and (HUMAN_SUBJECT_RE.search(previous) is not None or any(
        s.category == "person" and speaker not in s.text for s in find_candidates(previous, people)))


def _opens_with_a_name(sentence: str) -> bool:
    """A proper noun first, not a capitalised function word ("The", "In", "Several") the small tagger calls one."""
    toks = tag(sentence.lstrip("“\"‘("))
    return bool(toks) and toks[0].tag in ("NNP", "NNPS") and norm_word(toks[0].text) not in STOPWORDS and \
        norm_word(toks[0].text) != "several"


LOOSE_PRONOUNS = ("it", "its", "they", "them", "their", "this", "he", "him", "his", "she", "her")
LOOSE_PRONOUN = re.compile(r"\b(?:" + "|".join(LOOSE_PRONOUNS) + r")\b", re.I)
LOOSE_PRONOUN_LOWER = re.compile(whole_words_pattern(LOOSE_PRONOUNS))  # (the same on lower case: `search_lower`)


def _loose_pronoun(prompt: str) -> bool:
    """"By 2017 it had…", "asked to use it, the founders…", "his general": a pronoun with no noun before it in its
    sentence (for he/his: no person named before it) points at a sentence the card does not show."""
    m = search_lower(LOOSE_PRONOUN_LOWER, LOOSE_PRONOUN, prompt)  # (its text may be in lower case: compared so)
    if not m:
        return False
    personal = re.match(r"(?:he|him|his|she|her)$", m.group(), re.I)
    tokens = tag(prompt)
    before = [t for t in tokens if t.end <= m.start()]
    if personal:
        return not any(t.tag in ("NNP", "NNPS") for t in before)
    after = [t for t in tokens if t.start >= m.end()][:1]
    if m.group().lower() in ("it", "they") and before and before[0].tag in ("IN", "RB", "WRB") and \
            not any(t.tag in ("VB", "VBZ", "VBD", "VBP", "MD") for t in before) and after and \
            after[0].tag not in ("DT", "IN", "TO", ",", "CC"):
        return True  # "At race pace it sits at 85–90% of …": the subject is in the sentence before
    return not any(t.tag in NOUN_TAGS for t in before)


SPOKEN_RE = re.compile(r"^(?:(?:He|She)\s+(?:says|said|argues|argued|recommends|recommended|explains|explained|"
                       r"notes|noted|thinks|believes|warns|warned|calls|called|suggests|suggested|adds|added|"
                       r"stresses|stressed|points|pointed|cites|cited|estimates|estimated|considers|favours|"
                       r"prefers|recalls|admits|insists|sees|describes|described)|(?:His|Her)\s+(?:advice|view|"
                       r"rule|tip|template|favourite|favorite|point|argument|recommendation|bottom line|core claim|"
                       r"closing line|starting|main|own|research|team|lab|book))\b")
LABEL_THEN_PERSON_RE = re.compile(r"[^:.!?]{2,60}:\s+(?=(?:He|She|His|Her)\b(?!\s+[A-Z]))")
PERSONAL_START = re.compile(r"^(He|She|His|Her)\b(?!\s+[A-Z])")  # not "He Jiankui was sentenced…": a name


HUMAN_NOUNS = ("intruder|hacker|attacker|thief|killer|murderer|boy|girl|man|woman|child|stranger|spy|agent|suspect|"
               "culprit|victim|patient|officer|soldier|pilot|driver|player|coach|narrator|protagonist|hero|heroine|"
               "father|mother|son|daughter|brother|sister|husband|wife|king|queen|prince|princess|founder|student|"
               "teacher|engineer|scientist|researcher|inventor|chairman|boss|leader|general|captain|emperor|priest|"
               "monk|writer|journalist|reporter|lawyer|judge|detective|farmer|worker|trainer|diver|climber|runner|"
               "astronaut|surgeon|prisoner|teenager|burglar|robber|criminal|gunman|assassin|guard|smuggler|pirate|"
               "neighbou?r|friend|colleague|mentor|rival|partner|uncle|aunt|grandfather|grandmother|parent|person|"
               "doctor|nurse|manager|employee|customer|user|reader|listener|athlete|kid|baby")
HUMAN_SUBJECT_RE = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Ee]very|[Ee]ach|[Aa]ny|[Mm]y|[Yy]our|[Oo]ur|"
                              rf"[Tt]heir|[Oo]ne)\s+(?:[a-z\-]+\s+)?(?i:{HUMAN_NOUNS})\b")  # ("every young engineer
# should keep a notebook because he …" is no guest's)
SUBJECT_PRONOUN_RE = re.compile(r"\b(?:he|she|He|She)\b")
GUEST_PRONOUN_RE = re.compile(r"\b(?:he|she|He|She)\b(?![’'\-])")  # (not "he'd": the name would not fit)


def name_the_guest(prompt: str, speaker: str, answer: str, people: frozenset[str] = frozenset(),
                   speech_only: bool = False) -> str:
    """"…is the bottleneck, so he recommends keeping the AI on a leash": in a post about one guest the reader knows
    who "he" is, but the card shows no name (blind grading: DANGLE every time). The first "he"/"she" becomes the
    guest's name, but only where nobody else could be meant: no capitalised word before it but a sentence's first
    (not "After the Bay of Pigs he asked", "[...] was 97 when he received the prize"), no blank before it that
    could be the person, and the guest not named anywhere in the prompt."""
    m = GUEST_PRONOUN_RE.search(prompt) if speaker[:1].isupper() else None  # (not "sushi": a title's word)
    if not m or speaker in prompt or not _fits(m.group(), speaker, people):
        return prompt
    if speech_only and not SPOKEN_RE.match(m.group().capitalize() + prompt[m.end():]):
        return prompt  # a book's author is named where the post reports her words, not for what "she" did
    before = prompt[:m.start()]
    if BLANK in before and (answer[:1].isupper() or answer.split()[-1][:1].isupper()):
        return prompt
    if any(w.lower() in people for w in re.findall(r"\b[A-Z][\w\-]+", before)):
        return prompt  # "Sato opens by confessing he…": someone named before it, even opening the sentence
    if HUMAN_SUBJECT_RE.search(before):
        return prompt  # "The intruder had root. He had used…", "… told the pilot he…": someone else it may be
    for at in (i for i, ch in enumerate(before) if ch.isupper()):
        head = before[:at].rstrip(" “\"‘(")
        if head and head[-1] not in ".!?:":
            return prompt  # a capital inside a sentence: a name the pronoun may point at ("Élodie says he")
    return prompt[:m.start()] + speaker + prompt[m.end():]


def _fits(pronoun: str, name: str, people: frozenset[str]) -> bool:
    """Whether "She"/"he" can stand for `name`: not when every first name the post gives that person has the other
    gender ("She was also helping…" is not Michael Ventris: set P taught a falsehood that way)."""
    last = name.split()[-1].lower()
    firsts = {p.split()[0] for p in people if " " in p and p.split()[-1] == last}
    genders = {gender(f) for f in firsts} - {None}
    wanted = "f" if pronoun.lower() in ("she", "her") else "m"
    return len(genders) != 1 or wanted in genders


def _guest_named(prompt: str, speaker: str, answer: str, speech_only: bool,
                 people: frozenset[str] = frozenset()) -> str | None:
    """The prompt with the guest's name for its opening "He"/"She", or None: not when the guest is the answer, when
    the sentence still leans on another, or (a guest found only by how often the post quotes them) when it does not
    report their words."""
    named = _name_speaker(prompt, speaker, people)
    if named and not refers_back(named) and speaker.casefold() not in answer.casefold() and \
            (not speech_only or SPOKEN_RE.match(prompt)):
        return named
    return None


def _name_speaker(prompt: str, speaker: str, people: frozenset[str] = frozenset()) -> str | None:
    m = PERSONAL_START.match(prompt)
    if not speaker or not m or not _fits(m.group(1), speaker, people):
        return None
    name = speaker + ("’s" if m.group(1) in ("His", "Her") else "")
    return name + prompt[m.end():]
