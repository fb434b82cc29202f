"""Clozes: the best blanks of a passage (a takeaway, a summary section, the TLDW), each from its own place, one fact
per card and never a fact asked elsewhere in the post.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import cloze
from .antecedents import _with_antecedent, name_the_guest
from .check import BLANK, answer_key, card_problems, refers_back
from .facts import _asked, _asked_the_other_way, _fact_keys, _links, _other_words
from .giveaways import CONVERSION_RE, EQUIVALENT_RE, _computable, _junk_sentence, may_restate
from .model import Card, CardSource, Note, stable_id
from .post_context import _Context
from .references import BREAKDOWN_RE, dangling_pointer
from .tagging import VERB_TAGS, tag
from .foreign import (FOREIGN_OPENERS, FOREIGN_POINTERS, FULL_STOP_RE, LIFE_EVENT_RE, MONTH_IN_RE, SUBJECT_PRONOUNS,
                      _names_the_referent, _points_back)

FOREIGN_ARTICLE_RE = re.compile(r"(?:Ein|Eine|Einen|Der|Die|Das|Den|Dem|El|La|Los|Las|Le|Les|Un|Une|Una|Uno|Il|Lo|Gli|"
                                r"O|Os|As|Um|Uma)\s")  # "[Ein Straßenbaum] erreicht…": a noun phrase, not a name
from .span_base import _search_before
from .span_names import common_plural
from .first_names import is_first_name
from .spans import Span, find_candidates, score_span
from .text import STOPWORDS, content_words, inside_longer_word, may_hold, norm_word, replace_whole, words, zipf

MAX_TRIES = 40  # candidates tried per passage: the best are first, and a giant takeaway has hundreds
MIN_SCORE = 2.3
SECOND_BLANK_SCORE = 2.9  # what a second blank in one sentence must be worth (graders: mostly a detail)
FALLBACK_MIN = 1.5  # a takeaway's last resort (see `_takeaway_notes`)
PER_BEFORE_RE = re.compile(r"\b(?:per|pro|par|por|je)\s+$", re.I)
PER_WORDS = ("per", "pro", "par", "por", "je")
INCIDENTAL = frozenset({"place", "aside", "example", "cited", "modifier", "pair", "series"})
LONG_SENTENCE = 40
MAX_PROMPT_WORDS = 45
MIN_PROMPT_CONTENT = 4
def _blank_all(text: str, answer: str, mark: str = BLANK) -> str:
    return replace_whole(text, answer, lambda _: mark)


@lru_cache(maxsize=2048)
def _clauses(sentence: str) -> tuple[tuple[int, int], ...] | None:
    """Clause boundaries of a long sentence (top-level commas and semicolons); None for a short one."""
    if len(words(sentence)) <= LONG_SENTENCE:
        return None
    cuts = [0]
    depth = 0
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0 and not (ch == "," and sentence[i - 1:i].isdigit()
                                               and sentence[i + 1:i + 2].isdigit()):
            cuts.append(i + 1)
    cuts.append(len(sentence))
    return tuple((cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1))


def _clause_window(sentence: str, span: Span) -> str | None:
    """For a long sentence: its opening clause plus the clause holding the blank, joined by an ellipsis; None when
    that splice would be long or would lose the sentence's thread."""
    clauses = _clauses(sentence)
    if clauses is None:
        return sentence
    home = next(k for k, (a, b) in enumerate(clauses) if a <= span.start < b)
    head = sentence[clauses[0][0]:clauses[0][1]].strip().rstrip(",;")
    body = sentence[clauses[home][0]:clauses[home][1]].strip().rstrip(",;")
    if home == 0:  # the opening clause alone: a whole thought, not "When the Senate rejected [...] in 1903 …"
        return body + " …" if len(words(body)) >= 10 and not SUBORDINATE_START.match(body) else None
    prefix = sentence[:clauses[home][1]].strip().rstrip(",;")
    if len(words(prefix)) <= 30 and not SUBORDINATE_START.match(sentence):
        return prefix + (" …" if home < len(clauses) - 1 else "")  # the sentence's own start, unspliced
    if len(words(head)) > 14:
        head = " ".join(head.split()[:8])
    tail = " …" if home < len(clauses) - 1 else ""
    if body.startswith("and "):
        body = body[4:]
    if not re.match(r"[A-Z]", body) or body.split()[0] in ("The", "A", "An", "It", "This", "They", "He", "She"):
        return None  # "head … funding Sparta against Athens" reads as broken text (blind grading); a splice stands
        # only when the clause is one item of the list the head introduces ("… PAR under Nat Friedman …")
    if len(words(body)) < 6 or len(words(head)) + len(words(body)) > 32 or \
            body.split()[0].lower() in ("which", "who", "where", "while", "so", "but", "as", "because", "including"):
        return None  # a clause that leans on the part cut away: no card rather than a spliced one
    return f"{head} … {body}{tail}"


SUBORDINATE_START = re.compile(r"(?:When|If|Although|Though|While|Because|Since|Unless|Once|After|Before|As|Cuando|Si|"
                               r"Aunque|Mientras|Porque|Wenn|Als|Obwohl|Weil|Während|Nachdem|Quand|Lorsque|Bien que|"
                               r"Parce que|Quando|Se|Embora|Enquanto|Perché|Mentre|Sebbene)\b")
WINDOW_WORDS = 18
LABEL_RE = re.compile(r"([^:.!?]{3,60}):\s+(?=[A-Z])")


def _word_window(text: str, span_text: str) -> str:
    """Trim an overlong prompt to the words around the blank (a clause with no commas can run for pages)."""
    if len(words(text)) <= 60 or span_text not in text:
        return text
    at = text.index(span_text)
    before = text[:at].split()
    after = text[at + len(span_text):].split()
    head = " ".join(before[-WINDOW_WORDS:])
    tail = " ".join(after[:WINDOW_WORDS])
    return f"{'… ' if len(before) > WINDOW_WORDS else ''}{head} {span_text} {tail}{' …' if len(after) > WINDOW_WORDS else ''}" \
        .replace("  ", " ").strip()


def _cloze_note(ref: str, heading: str, full_text: str, sentences: list[str], ctx: _Context,
                pool: list[tuple[str, str]], skip: set[int], max_cards: int, protected: int = 0,
                whole_text: bool = True, min_score: float = MIN_SCORE,
                lead_in: tuple[str, int] | None = None, memo: dict | None = None) -> Note | None:
    """The best blanks of a passage, at most `max_cards`, each from its own place, none asked elsewhere.

    `memo` (a dict, empty at first) keeps the candidates found and scored between a first call and a second one on
    the same passage with only `min_score` changed (a takeaway's last resort): a call that made no card changed
    nothing in `ctx` that they depend on."""
    if max_cards <= 0:
        return None
    scored: list[tuple[float, int, Span]] = []
    found = memo.get("found") if memo is not None else None
    named: dict[int, list[str]] = found[0] if found else {}  # the names and terms of each sentence, for `ctx.pairs`
    evaluated: list[tuple[float, int, Span]] = found[1] if found else []  # what passed every test but the score
    leaning: set[int] = found[2] if found else set()  # sentences (another language) shown after the one before
    offset = 0
    pronouns = SUBJECT_PRONOUNS.get(ctx.language)  # (the post's language: the same for every sentence)
    pointers = FOREIGN_POINTERS.get(ctx.language)
    openers = FOREIGN_OPENERS.get(ctx.language)
    for si, sentence in enumerate(sentences) if found is None else ():
        at = full_text.find(sentence, offset)
        offset = at + len(sentence) if at >= 0 else offset
        if si in skip or _junk_sentence(sentence) or " ".join(sentence.split()).casefold() in ctx.used_sentences:
            continue
        if openers and re.match(rf"(?:{openers})\b", sentence):
            continue
        if ctx.language != "en" and (_points_back(sentence, pronouns, pointers, unless_a_name_follows=True) or
                                     len(words(sentence)) <= 10 and not FULL_STOP_RE.search(sentence)):
            if not (si and len(words(sentence)) > 10 and _names_the_referent(sentences[si - 1], pronouns, pointers)):
                continue  # no tagger for the language: a subject pronoun ("Avant la pandémie, il transportait…")
                # points at a sentence the card cannot show ("passe-t-il ?" asks, it points nowhere), and a short
                # line without a full stop is a heading
            leaning.add(si)  # "Röntgen kam 1888 nach Würzburg. Dort fand er …": shown with the sentence before
        if ctx.language == "en" and BREAKDOWN_RE.search(sentence) and not any(t.tag in VERB_TAGS for t in tag(sentence.split(": ", 1)[1])):
            continue  # "Packaging, card fees and waste: about €0.60.": a line of a breakdown, not a claim
        candidates = find_candidates(sentence, ctx.people)
        if ctx.language != "en":  # "[Der MSCI World] enthält…": the article stays in the prompt, the name is the answer
            candidates = [_without_article(s) for s in candidates]
        named[si] = [s.text for s in candidates if s.kind in ("name", "acronym", "quote", "term")]
        per_before = may_hold(sentence, PER_WORDS)  # (whether PER_BEFORE_RE can match anywhere in it)
        spaced = [s.text for s in candidates if " " in s.text]  # (only these can end in " " + a name)
        for span in candidates:
            if span.category == "person" and span.text.lower() in ctx.placed:
                span = Span(span.start, span.end, span.text, span.kind, "name", span.flags)  # "in Nova Scotia"
            if span.kind == "name" and span.start == 0 and " " not in span.text and common_plural(span.text) and \
                    span.text.lower() not in ctx.people and not is_first_name(span.text):
                continue  # "Herders reported…", "Cinemas closed…", "Glaziers worked…": people or things of a kind,
                # capitalised by the sentence's start (sets S-X: TRIV every time), not "Brooks was not charged"
            if span.kind == "name" and spaced and any(o.endswith(" " + span.text) for o in spaced):
                continue  # "Carmack" where the sentence also says "John Carmack": the full name is the answer
            if at >= 0 and at + span.start < protected or protected and (
                    span.text in full_text[:protected] or span.category == "person" and " " in span.text and
                    re.search(rf"\b{re.escape(span.text.split()[-1])}\b", full_text[:protected])):
                continue  # the label of "Label: explanation" is the cue, never the answer, wherever it recurs
            if ctx.language != "en" and (span.kind == "term" or span.kind == "name" and ctx.foreign_word(span.text)

                                         or span.kind == "name" and " " not in span.text and
                                         (ctx.language == "de" or not sentence[:span.start].strip(" “\"‘«"))):
                continue  # the tagger knows English; in German every noun has a capital, so one word is no name
            if per_before and sentence[:span.start].rstrip()[-3:].lower().endswith(PER_WORDS) and \
                    _search_before(PER_BEFORE_RE, sentence, 0, span.start, 1):  # (only after one: its last word)
                continue  # "1.8 particles per [...]": a unit, not the fact
            if span.category == "number" and MONTH_IN_RE.search(span.text) and LIFE_EVENT_RE.search(sentence):
                continue  # "Fosbury died in [March 2023]", "Burke and Wills received a state funeral in [January
                # 1863]": the month of a birth, death or funeral is an incidental date (sets W-Y: DETAIL)
            if f" {answer_key(span.text)} " in ctx.title_key:
                continue  # "Sleep banking" in a post titled with it, "30 days": the post's own topic
            coined = span.kind == "quote" and not any(w in ctx.subject or w.rstrip("s") in ctx.subject
                                                      for w in content_words(span.text))
            against = ctx.subject if coined else ctx.people_subject if span.category == "person" else ctx.topic
            evaluated.append((score_span(span, sentence, against), si, span))
    if memo is not None:
        memo["found"] = (named, evaluated, leaning)
    for score, si, span in evaluated:
        if min_score < MIN_SCORE and (span.flags & INCIDENTAL or span.kind in ("name", "acronym")):
            continue  # a last resort is never what the sentence marks as incidental, nor a name that scored
            # low for being common ("NASA's Artemis", "the port of New York"): the world gives those away
        if score >= min_score:
            scored.append((score, si, span))
            if span.category in ("person", "org", "name"):
                pool.append((span.text, span.category))
    scored.sort(key=lambda x: (-x[0], x[1], x[2].start))
    note_id = stable_id(ctx.ts.id, ref, "cloze")
    source = ctx.source(heading, full_text)
    cards: list[Card] = []
    picked: list[tuple[int, Span]] = []
    for tried, (score, si, span) in enumerate(scored):
        if len(picked) >= max_cards or tried >= MAX_TRIES:
            break
        if picked:  # (the tests against the blanks already picked: none for the first)
            per_sentence = 2 if len(words(sentences[si])) > 10 else 1
            if sum(1 for p_si, _ in picked if p_si == si) >= per_sentence:
                continue
            if any(p_si == si for p_si, _ in picked) and (score < SECOND_BLANK_SCORE or span.flags):
                continue  # a sentence's second blank is mostly its detail (the co-author, the source, the day)
            if span.kind == "number" and any(p_si == si and p.kind == "number" for p_si, p in picked):
                continue  # the second number of a sentence is usually its detail (the study's length, the sample
                # size)
        if _asked(span, ctx, sentences[si]) or picked and any(set(content_words(span.text)) &
                                                              set(content_words(p.text)) for _, p in picked):
            continue
        if _asked_the_other_way(span.text, named.get(si, []), ctx, sentences[si]):
            continue  # "[...] made Freon" after "Midgley made [...]" elsewhere: the same fact the other way round
        card = _cloze_card(ref, ctx, sentences, si, span, note_id, len(picked) + 1, source,
                           sentences[si - 1] if si in leaning else lead_in[0] if lead_in and si >= lead_in[1] else "")
        if card is None or card_problems(card):
            continue
        card.hints = {"score": score, "flags": span.flags, "kind": span.kind, "sentence": si,
                      "sentences": len(sentences), "second": any(p_si == si for p_si, _ in picked),
                      "fallback": min_score < MIN_SCORE, "rank": tried,
                      "window": "whole" if card.back == sentences[si] else
                                "longer" if len(card.back) > len(sentences[si]) else "shorter"}
        picked.append((si, span))
        cards.append(card)
        ctx.pairs.update((pair, sentences[si]) for pair, _ in _links(span.text, named.get(si, [])))
        ctx.asked.update(_fact_keys(span.text))
        if span.category in ("number", "person"):  # what the fact is about: for a number the whole passage ("The
            # famous [35%] figure is shaky" is the Beecher figure its next sentence names), for a person the sentence
            said = _other_words(full_text if span.category == "number" else sentences[si], span.text)
            for k in _fact_keys(span.text):
                ctx.asked_in.setdefault(k, set()).update(said)
                ctx.answered[k] += span.category == "person"
        if span.category in ("term", "quote", "number"):
            pool.append((span.text, span.category))
    if not cards:
        return None
    for si in {si for si, _ in picked}:
        ctx.used_sentences.add(" ".join(sentences[si].split()).casefold())
    if whole_text:
        text = cloze.protect(full_text)
    else:  # a section: the note holds only the sentences asked about, so an Anki card is not a whole paragraph
        text = cloze.protect(" ".join(sentences[si] for si in sorted({si for si, _ in picked})))
    for n, (_, span) in enumerate(picked, start=1):
        text = _mark_cloze(text, cloze.protect(span.text), n)
    return Note(id=note_id, set_id=ctx.ts.id, ref=ref, kind="cloze", text=text, extra=full_text, source=source,
                cards=cards)


def _without_article(span: Span) -> Span:
    m = FOREIGN_ARTICLE_RE.match(span.text) if span.kind == "name" else None
    if not m or len(span.text) - m.end() < 3:
        return span
    return Span(span.start + m.end(), span.end, span.text[m.end():], span.kind, span.category, span.flags)


def _mark_cloze(text: str, answer: str, n: int) -> str:
    """Anki cloze markup on every occurrence of the answer, and of its distinctive words, outside existing clozes."""
    targets = [answer] + [w for w in words(answer) if norm_word(w) not in STOPWORDS and len(w) > 2 and w != answer]
    parts = cloze.split_outside(text)
    for target in targets:
        marked = False
        for i in range(0, len(parts), 2):  # only the text outside existing deletions
            new = replace_whole(parts[i], target, lambda occurrence: f"{{{{c{n}::{occurrence}}}}}")
            marked = marked or new != parts[i]
            parts[i] = new
        if marked:
            break
    return "".join(parts)


def _cloze_card(ref: str, ctx: _Context, sentences: list[str], si: int, span: Span, note_id: int, ord_: int,
                source: CardSource, lead_in: str = "") -> Card | None:
    sentence = sentences[si]
    window = _clause_window(sentence, span)
    if window is None:
        return None
    window = _own_clause(window, span) or window
    cut = CONSEQUENCE_RE.search(window, window.find(span.text) + len(span.text)) if span.category == "number" \
        else None
    if cut and len(words(window[:cut.start()])) >= 6 and _computable(span.text, window):  # "Its half-life is about
        window = window[:cut.start()].rstrip() + "."  # [...], so half of a 3 p.m. coffee is left at 9 p.m.": the sum
        # is the "so" clause's
    lead = LABEL_RE.match(window) if si == 0 else None
    if lead and span.start >= lead.end() and dangling_pointer(lead.group(1)):
        window = window[lead.end():]  # "Deinonychus brought it back: John Ostrom's description…": a label that
        # leans on the takeaway before is left out; the claim after it stands alone
    shown = _word_window(window, span.text)
    window = _with_antecedent(sentences, si, shown, span.text, ctx.speaker, ctx.people,
                              ctx.quoted_speaker or ctx.author_speaker)
    if window is None:
        return None
    if lead_in and lead_in not in window:  # a sub-point: its takeaway opens the card (and the detail before it
        # follows, when this one leans on that: "Cast at Coalbrookdale… Its span…")
        window = f"{lead_in}{'' if lead_in.endswith(('.', '!', '?')) else ':'} {window}"
    blanked = _blank_all(window, span.text)  # the prompt, made once for the tests below
    if span.category == "number" and (_computable(span.text, window, ctx.ts.title) or
                                      blanked.count(BLANK) > 1 and "=" in blanked):
        return None  # "day 27, not day 30" -> 3 days: the answer can be worked out from what is in view
        # ("[...] × [...] × [...] = 125 atoms": the cube root of what is shown)
    if span.category == "number" and ("(" in blanked and CONVERSION_RE.search(blanked) or
                                      may_restate(blanked) and EQUIVALENT_RE.search(blanked)):
        return None  # "22 feet ([...] m)", "[...] (about 40 °F)", "16/27, also rund [...]": the same quantity again
    if span.category != "number" and any(d in blanked for d in re.findall(r"\d{2,}", span.text)):
        return None  # "rund 236 Metern Rotordurchmesser … etwa die [...]" -> V236: its number is in view
    if span.category != "number" and longer_word_shows(blanked, span.text):
        return None  # "[...] locks … the Neopanamax locks" -> Panamax: the answer inside a longer word in view
    if len(words(window)) > MAX_PROMPT_WORDS:
        return None  # with the sentence it leans on, too long to read at a glance
    prompt = blanked
    if len(content_words(prompt.replace(BLANK, " "))) < MIN_PROMPT_CONTENT - (window == sentence) - \
            (window == sentence and span.category == "number" and len(words(sentence)) >= 8):
        return None  # "… about [...] …": too little left to tell what is asked (a whole sentence may be short:
        # "Breaches must be reported to the authority within [...].")
    if span.category == "person" and len(span.text.split()) > 1:
        surname = _blank_all(prompt, span.text.split()[-1])  # "John Carmack ... what Carmack is working on"
        last = re.escape(span.text.split()[-1])
        if surname != prompt and re.search(rf"\b(?:the|a|an)\s+{last}\b|\b{last}\s+(?:effect|law|theorem|rule|"
                                           rf"principle|scale|number|equation|paradox|curve|test|model|method|"
                                           rf"index|limit|cycle|syndrome|disease)\b", prompt):
            return None  # "the [...] effect, named after psychologist [...]": the surname names something else
            # there, and two different holes read as a puzzle ("admires [...] but … what [...] is working on" is fine)
        first = re.escape(span.text.split()[0])
        if surname != prompt and re.search(rf"\b(?!{first}\b)[A-Z][\w\-]+\s+{last}\b", prompt):
            return None  # "Tyler [...], grandson of [...]": a relative's name, not the person asked
        prompt = surname
    prompt = name_the_guest(prompt, ctx.speaker, span.text, ctx.people, ctx.author_speaker)
    back = window
    context = " ".join(s for k, s in enumerate(sentences) if k != si and s not in window)
    key = answer_key(span.text)
    return Card(id=stable_id(ctx.ts.id, ref, "cloze", key), note_id=note_id, kind="cloze", ord=ord_, key=key,
                prompt=prompt, answer=span.text, back=back, context=context, source=source, category=span.category)


def longer_word_shows(prompt: str, answer: str) -> bool:
    """Whether the answer, or a rare word of a longer answer, stands inside a longer word of the prompt: "Panamax"
    in "Neopanamax", "uridine" of "nucleoside uridine" in "pseudouridine" (set AC; not "reason" in "unreasonable")."""
    if " " not in answer:
        return len(answer) >= 5 and inside_longer_word(prompt, answer)
    return any(len(w) >= 5 and w.isalpha() and zipf(w.lower()) < 4 and inside_longer_word(prompt, w)
               for w in answer.split())


def _own_clause(window: str, span: Span) -> str | None:
    """"Fast charging and keeping a battery at [...] speed up wear; for daily use she charges to 80 percent.": when
    the clause after a semicolon leans on something the card cannot show, the blank's own clause is the card."""
    if span.text not in window:
        return None
    at = window.index(span.text)
    if "; " in window:
        cut, tail = window.index("; "), window.index("; ") + 2
    else:  # "He repeats his call for a [...] for AI, and admits that rivalry makes this harder.": a second
        # predicate of the same subject ("and admits") whose pointer the card cannot show
        m = AND_PREDICATE_RE.search(window, at + len(span.text))
        if not m or not refers_back(window) or \
                not any(t.tag in ("VBZ", "VBD", "VBP") for t in tag(window[m.end():])[:1]):
            return None
        cut, tail = m.start(), m.end()
    if at > cut or not (dangling_pointer(window[tail:]) or tail != cut + 2 and refers_back(window[tail:])) or \
            tail == cut + 2 and dangling_pointer(window[:cut]):  # (a "He" opening the predicates is
        # `_with_antecedent`'s to name or refuse, as for any sentence)
        return None
    head = window[:cut].rstrip()
    return head + "." if len(words(head)) >= 6 else None


CONSEQUENCE_RE = re.compile(r",? (?:so|so that|which means|meaning|leaving|i\.e\.)\b|; ")
AND_PREDICATE_RE = re.compile(r",? and (?:then |also |later )?(?=[a-z])")
