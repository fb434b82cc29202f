"""Names as candidate blanks: capitalised runs (people, organisations, products, places), what kind of name each
is, and where the sentence marks one as incidental (a place, a cited author, an example, one of a pair)."""

from __future__ import annotations

import re
from functools import lru_cache

from .first_names import is_first_name
from .span_base import (
    CALENDAR,
    Span,
    _common_word,
    _index_at,
    _last_words_at,
    _opens_sentence,
    _search_before,
    is_capitalised,
)
from .span_numbers import UNIT_WORDS
from .tagging import ADJ_TAGS, NOUN_TAGS, Token, lexicon_tag
from .text import MONTH_WORDS, STOPWORDS, may_hold, norm_word, words, zipf

CONNECTORS = {"of", "and", "&", "for", "the", "de", "von", "van", "la", "du", "del", "der"}
LEADING_JUNK = {"the", "a", "an", "on", "in", "at", "for", "from", "with", "by", "as", "to", "of", "and", "but", "or",
                "if", "when", "while", "after", "before", "since", "unlike", "like", "asked", "even", "both", "first",
                "finally", "then", "so", "yet", "still", "also", "however", "because", "though", "although",
                "meanwhile", "inside", "where", "whether", "what", "who", "how", "why", "it", "its", "this", "that",
                "these", "those", "his", "her", "their", "our", "my", "your", "he", "she", "they", "we", "i", "you",
                "key", "most", "many", "some", "every", "each", "all", "no", "not", "only", "per", "via", "over"}
# Offices and ranks before a person's name: the cue, not part of the answer ("President [...]"). Not titles of
# nobility or "Saint", which make a name of their own ("Saint Catherine of Alexandria", "Duke Ellington").
RANK_WORDS = {"president", "vice", "general", "major", "captain", "colonel", "lieutenant", "sergeant", "admiral",
              "commander", "chief", "judge", "justice", "secretary", "state", "minister", "prime", "senator", "governor",
              "mayor", "king", "queen", "prince", "princess", "emperor", "empress", "pope", "bishop", "cardinal",
              "sir", "lord", "lady", "dame", "professor", "prof", "chancellor", "premier", "deputy", "ambassador",
              "contractor", "attorney", "dr", "mr", "mrs", "ms", "reverend", "rev"}
ORG_WORDS = {"lab", "labs", "inc", "corp", "corporation", "company", "co", "initiative", "project", "framework",
             "intelligence", "ai", "times", "microsystems", "analysis", "institute", "university", "group",
             "foundation", "fund", "capital", "ventures", "partners", "bank", "party", "council", "agency", "research",
             "systems", "technologies", "network", "media", "news", "post", "journal", "google", "apple",
             "microsoft", "openai", "anthropic", "facebook", "instagram", "whatsapp", "chatgpt", "gemini", "claude",
             "meta", "amazon", "nvidia", "tesla", "program", "school", "college", "association", "society",
             "ministry", "department", "office", "commission", "committee", "league", "club", "team", "studio",
             "studios", "records", "press", "review", "magazine", "hospital", "clinic", "center", "centre"}
_SHORT_NUMBER_RE = re.compile(r"\d{1,4}")
_YEAR_RE = re.compile(r"1[5-9]\d\d|20\d\d")


def _before_a_date(word: str, opens_sentence: bool, number: str) -> bool:
    """"Dezember 1895", "Le 25 juillet", "Erst 1912 zeigte…": a month, an article or a sentence's first word before a
    number is the date's, not a name with a number ("Llama 3", "Euro 2016" inside a sentence)."""
    low = word.lower()
    return low in MONTH_WORDS or low in ("le", "la", "les", "el", "los", "las", "il", "lo", "der", "die", "das",
                                         "am", "im", "o", "os", "as", "um", "em", "en", "au", "du", "dal", "nel") \
        or opens_sentence and not word.isupper() and bool(_YEAR_RE.fullmatch(number))


_THE_BEFORE_RE = re.compile(r"\b[Tt]he\s+$")
_REGNAL_RE = re.compile(r"[IVX]+")
_ABBREVIATION_BEFORE_RE = re.compile(r"\b[a-z]\.\s*$")  # "(z. B. Zwischenziele": no initial
_HYPHEN_LOWER_RE = re.compile(r"-[a-z]")
_PAREN_ACRONYM_RE = re.compile(r"\s*\(([A-Z][A-Za-z0-9&]{1,8})\)")
_POSSESSIVE_RE = re.compile(r"\s*(?:’s|'s)\b")
_TOPIC_OPENER_RE = re.compile(r"\s*(?:On|About|Regarding|As for)\s+")
_TOPIC_COMMA_RE = re.compile(r"\s*(?:’s|'s)?\s*[\w\s]{0,30},")
_NAME_AND_END_RE = re.compile(r"[A-Z][\w\-]*\s+and$")
_AND_NAME_RE = re.compile(r"\s+and\s+[A-Z]")
_CITED_RE = re.compile(r"\s*(?:’s|'s)?\s+(?:et al|study|studies|paper|trial|meta-analysis|lab|group)\b")
_SOURCE_LEAD_RE = re.compile(r"\b(?:published in|appeared in|reported in|writing in|(?:study|paper|article|report|"
                             r"review|analysis) in|according to|laut|selon|según|"
                             r"secondo|segundo|d'après|zufolge)\s+(?:the\s+|dem\s+|der\s+|la\s+|el\s+|le\s+|il\s+|"
                             r"o\s+|a\s+)?$", re.I)
SOURCE_LEAD_WORDS = ("published", "appeared", "report", "writing", "study", "paper", "article", "review", "analysis",
                     "according", "laut", "selon", "seg", "secondo", "d'apr", "zufolge")  # one of which it needs
_EXAMPLE_LEAD_RE = re.compile(r"(?:such as|e\.g\.|named|called a|for example|for instance)(?:\s+(?:the|a|an))?$",
                              re.I)
EXAMPLE_LEAD_WORDS = ("such as", "e.g.", "named", "called a", "example", "instance")  # one of which it needs
_HOST_ASKS_RE = re.compile(r"\s+(?:asks|asked|presses|pressed|pushes|pushed|wonders|wondered|probes|probed|"
                           r"challenges|challenged|interrupts|jokes|joked|puts it|put it)\b")
# Who is talking ("[...] recommends planning…", "[...]'s advice: rehearse…", "[...] opens by asking…", "[...] is a
# health journalist"): the post's host or guest, whom the post gives away; the claim is what they say. In the past
# tense ("[...] argued for a link in the 1860s") it is history, and a fact.
_SPEAKER_RE = re.compile(r"(?:['’]s\s+(?:advice|view|tip|rule|recommendation|take|point|verdict|bottom line|answer|"
                         r"image|metaphor|analogy|line|summary|diagnosis|warning|favourite|favorite|core claim)|"
                         r"\s+(?:says|recommends|advises|opens|starts|closes|begins|ends|argues|explains|stresses|"
                         r"suggests|insists|admits|confesses|walks through|shares|calls|thinks|believes|warns|is an?\s+(?:[\w\-]+\s+){0,2}(?:journalist|host|writer|author|coach|trainer|"
                         r"podcaster|presenter|researcher|professor|founder|editor)))\b")
_ROLE_PREFIX_RE = re.compile(r"(?:Host|Hosts|Guest|Co-host|Presenter|Moderator|Interviewer)\s")
PLACE_PREPOSITIONS = frozenset({"in", "at", "on", "near", "off", "across", "into", "along", "around", "over",
                                "beyond", "outside", "inside"})
_TOWN_COMMA_RE = re.compile(r"[A-Z][\w\-]*,$")
@lru_cache(maxsize=20_000)
def categorise_name(text: str, known_people: frozenset[str] = frozenset()) -> str:
    toks = [t for t in words(text) if t.lower() not in CONNECTORS]
    if not toks:
        return "term"
    if any(norm_word(t) in ORG_WORDS for t in toks) or any(t.isupper() and len(t) > 1 for t in toks):
        return "org"
    if norm_word(text) in known_people:
        return "person"
    if 2 <= len(toks) <= 3 and is_first_name(toks[0]) and all(t[0].isupper() for t in toks) and \
            not _common_noun_surname(toks[-1]):
        return "person"
    return "name"  # several capitalised words: a place, a work, a person without a known first name


SURNAME_WORDS = {"smith", "baker", "cook", "miller", "carter", "taylor", "young", "king", "wood", "hill", "green",
                 "brown", "white", "black", "long", "hall", "wall", "rose", "bell", "price", "ward", "fox", "hunt",
                 "cross", "stone", "ford", "page", "mason", "porter", "walker", "turner", "fisher", "hunter", "parker",
                 "bishop", "knight", "marshall", "fields", "banks", "lane", "woods", "wells", "brooks", "rivers",
                 "may", "day", "west", "north", "love", "law", "case", "gates", "jobs", "best", "sharp", "little",
                 "strong", "golden", "chase", "grant", "field", "bush", "ray", "rich", "frank", "gross"}


def common_plural(word: str) -> bool:
    """An agent noun in the plural ("Herders", "Outfitters", "Bookmakers") or the plural of a common noun the
    lexicon knows ("Cinemas"); but also "Brooks", "Hayes": the caller asks only of a word that is nobody's name."""
    low = word.lower()
    if not low.endswith("s") or low.endswith("ss") or not word[1:].islower():
        return False
    return low.endswith("ers") and len(low) > 5 or lexicon_tag(low[:-1]) == "NN" or \
        low.endswith("es") and lexicon_tag(low[:-2]) == "NN"


def _common_noun_surname(word: str) -> bool:
    """"Liberty Loan", "Madison Square Garden", "Houston Rockets": a first name before an everyday noun is a
    thing's name, not a person's (but "Will Smith", "Bill Gates")."""
    w = word.lower()
    return w not in SURNAME_WORDS and zipf(w) >= 3.8 and lexicon_tag(w) in ("NN", "NNS")


NAME_BEFORE_RE = re.compile(r"[A-Za-z]['’]$|[A-Z]\w*[–-]$|[A-Z]\w*['’]s\s+$|\w\s+(?:He|She)\s+$|"
                            r"\b(?:St|Ste|Mt|Ft)\.\s+$|[A-Z][\w'’]*\s+(?:aux|du|de la|des|del|da|do|van|von|der)\s+$")
# ("Mount St. [Helens]", "L'Anse aux [Meadows]": the rest of a name that its first part gives away)
NAME_BEFORE_ENDS = ("'", "’", "–", "-", "s", "He", "She", ".", "aux", "du", "la", "des", "del", "da", "do", "van", "von",
                    "der")  # how a text NAME_BEFORE_RE matches ends, trailing white space left out
NAME_AFTER_RE = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|"
                           r"September|October|November|December)\b)[A-Z][a-z]")
LATIN_EPITHET_RE = re.compile(r"\s+([a-z]{4,}(?:us|is|ae|ii|um|a|ensis|ens|i))\b")


def _half_binomial(sentence: str, span: Span) -> bool:
    m = LATIN_EPITHET_RE.match(sentence, span.end)
    return bool(m) and " " not in span.text and zipf(m.group(1)) < 3.0 and lexicon_tag(m.group(1)) in (None, "JJ", "NN")


_JOINED_BEFORE_RE = re.compile(r"\b[A-Z][\w\-]+\s+(?:and|on|of|for|de|del|des|für|di)\s+$")
JOINED_BEFORE_ENDS = ("and", "on", "of", "for", "de", "del", "des", "für", "di")  # (the same for _JOINED_BEFORE_RE)
_COMMA_AFTER_RE = re.compile(r"\s*,")
_JOINED_AFTER_RE = re.compile(r"['’][A-Z]|['’]s\s+[A-Z]|[–-][A-Z]")


def _part_of_a_name(sentence: str, span: Span) -> bool:
    if not (sentence[span.end:span.end + 1] in "'’–-" and sentence[span.end:span.end + 1] or
            sentence[max(0, span.start - 1):span.start] in ("'", "’", " ", "–", "-")):
        return False  # (the common case, cheaply: nothing joins this name to another)
    after = sentence[span.end:span.end + 6]
    if span.kind == "name" and NAME_AFTER_RE.match(sentence, span.end):
        return True  # "[Echoes] of the Past", "[Gulf] of Aqaba": the first part of a longer name
    before = sentence[max(0, span.start - 60):span.start]
    if span.kind == "name" and before.rstrip().endswith(JOINED_BEFORE_ENDS) and \
            _JOINED_BEFORE_RE.search(before, _last_words_at(before, 2)) and \
            not _COMMA_AFTER_RE.match(sentence, span.end) and \
            categorise_name(span.text) != "person":
        return True  # "Centers for Disease Control and [Prevention]", "Global Research on [Antimicrobial Resistance]"
    return bool(_JOINED_AFTER_RE.match(after) or
                before[-40:].rstrip().endswith(NAME_BEFORE_ENDS) and  # (where the pattern can match at all)
                _search_before(NAME_BEFORE_RE, sentence, max(0, span.start - 40), span.start, 3))
    # ("on He Jiankui's experiment": a name whose first part reads as a pronoun)


_THE_NOT_PLACE_RE = re.compile(r"\b(?:Ages?|Era|Period|Maximum|Minimum|Century|War|Revolution|Dynasty|"
                               r"Empire|Age|Epoch|Renaissance|Enlightenment|Depression|Cup|Games|Olympics)$|\d")
_PLACE_NOUNS = frozenset("area region basin valley coast delta".split())


def _modifier_noun(tokens: tuple[Token, ...], sentence: str, end: int) -> bool:
    """"the Calvin cycle", "the Apollo 1 capsule": the name modifies the noun after it and is not a place."""
    i = _index_at(tokens, end)
    return i < len(tokens) and tokens[i].tag in ("NN", "NNS") and tokens[i].text.lower() not in _PLACE_NOUNS and \
        not sentence[end:tokens[i].start].strip()


def _names(sentence: str, tokens: tuple[Token, ...]) -> list[Span]:
    """Capitalised runs (people, organisations, products, places), with a trailing "(ACRONYM)"."""
    out: list[Span] = []
    words_ = [t for t in tokens if t.text[:1].isalnum()]
    source_lead = may_hold(sentence, SOURCE_LEAD_WORDS)  # (whether _SOURCE_LEAD_RE can match anywhere in it)
    example_lead = may_hold(sentence, EXAMPLE_LEAD_WORDS)  # (... and _EXAMPLE_LEAD_RE)
    paren_after = "(" in sentence  # (... and _PAREN_ACRONYM_RE)
    topic_opener = _TOPIC_OPENER_RE.match(sentence) is not None  # (... and _TOPIC_OPENER_RE before any name)
    i = 0
    while i < len(words_):
        tok = words_[i]
        first = tok.text[:1]
        if not first.isupper() and not (first.isdigit() and is_capitalised(tok.text)):  # (is_capitalised, inline)
            i += 1
            continue
        j = i
        while j + 1 < len(words_):
            nxt = words_[j + 1]
            gap = sentence[words_[j].end:nxt.start]
            if gap.strip() not in ("", "-") and not (gap.strip() == "." and len(words_[j].text) == 1 and
                                                    words_[j].text.isupper() and gap.endswith(" ") and
                                                    norm_word(nxt.text) not in STOPWORDS and
                                                    not _ABBREVIATION_BEFORE_RE.search(sentence, 0, words_[j].start)):
                break  # (but "Louis B. Mayer": a middle initial, which the sentence splitter keeps inside too)
            if is_capitalised(nxt.text) and not (nxt.text.lower() in CALENDAR and j > i):
                j += 1
            elif nxt.text.lower() in CONNECTORS and j + 2 < len(words_) and is_capitalised(words_[j + 2].text) \
                    and words_[i].text.lower() not in CALENDAR \
                    and words_[j + 2].text.lower() not in CALENDAR \
                    and sentence[nxt.end:words_[j + 2].start].strip() == "" and nxt.text.lower() != "and" \
                    and not (nxt.text.lower() == "&" and (words_[j + 2].text.isupper()
                                                          or words_[j].text.isupper() or j > i)):
                j += 2
            else:
                break
        if j + 1 < len(words_) and words_[j + 1].text[:1].isdigit() and _SHORT_NUMBER_RE.fullmatch(words_[j + 1].text) and \
                sentence[words_[j].end:words_[j + 1].start] == " " and words_[j].text.lower() not in CALENDAR and \
                not (j + 2 < len(words_) and words_[j + 2].text.lower() in UNIT_WORDS) and \
                not _before_a_date(words_[j].text, i == j and _opens_sentence(sentence, tok.start), words_[j + 1].text):
            j += 1  # "FERC Order 2023", "Llama 3": the number is part of the name
        run = words_[i:j + 1]
        i = j + 1
        if run and run[0].start and sentence[run[0].start - 1].isdigit():
            run = run[1:]  # "$3.5M Series A": the M belongs to the number
        while run and run[0].text.lower() in LEADING_JUNK:
            run = run[1:]
        while run and run[-1].text.lower() in CONNECTORS:
            run = run[:-1]
        # A capitalised common word opening the sentence ("Larger MSL models") is not part of the name.
        while len(run) > 1 and _opens_sentence(sentence, run[0].start) and _common_word(run[0]) and \
                not is_first_name(run[0].text) and run[0].tag not in ("NNP", "NNPS"):
            run = run[1:]
        lead = 0  # "President John F. Kennedy", "Secretary of State George C. Marshall": the office is the cue
        while lead < len(run) and (run[lead].text.lower() in RANK_WORDS or lead and run[lead].text.lower() in CONNECTORS):
            lead += 1
        if 0 < lead < len(run) - 1 and is_first_name(run[lead].text) and \
                not _REGNAL_RE.fullmatch(run[-1].text) and \
                categorise_name(sentence[run[lead].start:run[-1].end]) == "person" and \
                (run[0].text.lower() in ("reverend", "rev") or not _THE_BEFORE_RE.search(sentence, 0, run[0].start)):
            # (not "King Oscar II", a king's title, nor "the King James Bible", a book's)
            run = run[lead:]
        if not run or run[0].text.isdigit() and all(t.text.isdigit() for t in run) or \
                len(run) == 1 and len(run[0].text) < 2:
            continue
        opens = _opens_sentence(sentence, run[0].start)  # (asked below up to four times: worked out once)
        if len(run) == 1 and opens and \
                run[0].text.lower().endswith(("ing", "ed", "ly", "tion", "ment", "ness", "ity", "ism")):
            continue  # "Playtesting with five strangers...": a capital because the sentence starts there
        if sentence[max(0, run[0].start - 2):run[0].start] in ("r/", "u/") or run[0].start and sentence[run[0].start - 1] in "@#":
            continue  # "r/Reddit", "@handle", "#tag": the prefix names it
        if len(run) == 1 and (_HYPHEN_LOWER_RE.search(run[0].text) or run[0].tag in ADJ_TAGS and not run[0].text.isupper()):
            continue  # "AI-native", "Chinese": adjectives, not names
        if run[0].text.lower() in CALENDAR and all(t.text.lower() in CALENDAR for t in run):
            continue
        if len(run) == 1 and opens and (
                run[0].tag not in ("NNP", "NNPS") and (_common_word(run[0]) or run[0].tag not in NOUN_TAGS) or
                lexicon_tag(run[0].text.lower()) not in (None, "NNP", "NNPS")):
            continue  # "Take superintelligence seriously", "Random, intermittent rewards…", "Engineers retire":
            # a capital because the sentence starts there, on a word the lexicon knows in lower case
        start, end = run[0].start, run[-1].end
        text = sentence[start:end]
        paren = _PAREN_ACRONYM_RE.match(sentence, end) if paren_after else None
        if paren and _initials_match(text, paren.group(1)):
            end = paren.end()
            text = sentence[start:end]
        kind = "acronym" if len(run) == 1 and text.isupper() else "name"
        category = "org" if kind == "acronym" else categorise_name(text)
        flags = set()
        at = _index_at(tokens, start)  # (the tokens before the name: read by index, not copied)
        prev_word = tokens[at - 1].text.lower() if at else ""
        if category == "person" and (prev_word == "the" or prev_word in PLACE_PREPOSITIONS) and \
                not _POSSESSIVE_RE.match(sentence, end):
            category = "name"  # "on the Paris Bourse", "near Le Mans", "on Isla Escudo de Veraguas": a first name
            # that starts a place (sets L and M offered them as people, and people for them)
        where = prev_word
        if prev_word == "the" and category == "name" and not _THE_NOT_PLACE_RE.search(text) and \
                not _modifier_noun(tokens, sentence, end):  # "in the Philippines", not "at the Gates Foundation",
            where = tokens[at - 2].text.lower() if at >= 2 else ""  # "in the Calvin cycle", "in the Middle Ages"
        if where in ("in", "at", "near", "from", "across", "into", "through", "via") and \
                category != "person" and not _POSSESSIVE_RE.match(sentence, end):
            flags.add("place")  # "a conference in India", "as far as Gandhara": where, rarely the point
        if prev_word in ("by", "from") and category in ("person", "name") or _CITED_RE.match(sentence, end) or \
                source_lead and _search_before(_SOURCE_LEAD_RE, sentence, max(0, start - 40), start, 3):
            flags.add("cited")  # "a study by Šrámek", "the Colorado studies", "published in The Lancet", "laut
            # Statistischem Bundesamt": who ran or printed the study is a detail
        if topic_opener and _TOPIC_OPENER_RE.fullmatch(sentence, 0, start) and _TOPIC_COMMA_RE.match(sentence, end):
            continue  # "On Social Security, Dale says...": the topic the sentence opens with is its heading
        between = sentence[:start].rstrip()
        # (the two patterns searched in `between` end where it does, within its last 3 words)
        if prev_word == "like" or example_lead and _EXAMPLE_LEAD_RE.search(between, _last_words_at(between, 3)):
            flags.add("example")  # "users like Kylie Robinson": an illustration, not the claim
        if _HOST_ASKS_RE.match(sentence, end):
            flags.add("aside")  # "Vance pushes that...": the host asking is not the fact
        if _ROLE_PREFIX_RE.match(text) or category in ("person", "name") and opens and \
                _SPEAKER_RE.match(sentence, end):
            flags.add("speaker")  # "Host Ruth Ekwueme starts with…", "Delaney's advice: …": who talks, not a fact
        if category != "person" and len(run) <= 2 and between[-1:] == "," and _TOWN_COMMA_RE.search(between):
            flags.add("place")  # "in Devens, Massachusetts": the state after its town
        if between.endswith("and") and _NAME_AND_END_RE.search(between, _last_words_at(between, 3)) or \
                _AND_NAME_RE.match(sentence, end):
            flags.add("pair")  # "Kansas to Illinois and Indiana": one of a pair is a detail its partner half gives
        after = _index_at(tokens, end)
        if len(run) == 1 and after < len(tokens) and tokens[after].tag in ("NN", "NNS") and \
                not is_capitalised(tokens[after].text) and not sentence[end:tokens[after].start].strip():
            if opens:
                continue  # "Lactic acid bacteria…": the sentence's capital on an adjective
            flags.add("modifier")  # "Euboean talents", "Elamite texts": a proper adjective, guessable filler
        out.append(Span(start, end, text, kind, category, frozenset(flags)))
    return out


def _initials_match(name: str, acronym: str) -> bool:
    """"Assured Robot Intelligence" ~ "ARRI", "Product and Applied Research" ~ "PAR": same first letter, similar size."""
    initials = "".join(w[0] for w in words(name) if w.lower() not in CONNECTORS).upper()
    acr = acronym.upper()
    return bool(initials) and initials[0] == acr[0] and abs(len(initials) - len(acr)) <= 1 and \
        all(c in acr for c in initials)
