"""Turning headings and labels into natural questions.

Headings are written as titles ("Why Wang Left Scale"); a card needs a question ("Why did Wang leave Scale?").
A few title shapes cover most headings; anything else gets a clear generic prompt, never a heading with "?" glued on.
"""

from __future__ import annotations

import re
from collections import Counter

from .text import STOPWORDS, words, zipf

IRREGULAR_PAST = {"left": "leave", "went": "go", "made": "make", "took": "take", "built": "build", "bought": "buy",
                  "brought": "bring", "came": "come", "chose": "choose", "did": "do", "drove": "drive", "fell": "fall",
                  "felt": "feel", "found": "find", "gave": "give", "got": "get", "grew": "grow", "had": "have",
                  "held": "hold", "kept": "keep", "knew": "know", "led": "lead", "lost": "lose", "met": "meet",
                  "paid": "pay", "ran": "run", "said": "say", "saw": "see", "sold": "sell", "sent": "send",
                  "set": "set", "spent": "spend", "stood": "stand", "told": "tell", "thought": "think", "won": "win",
                  "wrote": "write", "began": "begin", "broke": "break", "became": "become", "beat": "beat",
                  "bet": "bet", "quit": "quit", "put": "put", "cut": "cut", "hit": "hit", "shut": "shut"}
AUX = {"is": "is", "are": "are", "was": "was", "were": "were", "has": "has", "have": "have", "can": "can",
       "cannot": "can't", "can't": "can't", "will": "will", "won't": "won't", "should": "should", "must": "must",
       "could": "could", "would": "would"}
SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from",
         "versus", "vs", "vs.", "into", "not", "is", "was", "are", "were", "be", "its", "it"}


def sentence_case(title: str, evidence: str = "") -> str:
    """Lower-case title-case words unless the body shows them capitalised mid-sentence (names) or they are acronyms."""
    out: list[str] = []
    capital_mid = Counter(re.findall(r"(?<=[\w,;] )([A-Z][\w\-]*)", evidence))
    lower = Counter(re.findall(r"\b([a-z][\w\-]*)", evidence))
    for i, tok in enumerate(title.split(" ")):
        bare = re.sub(r"[’']s$", "", tok.strip("“”\"'‘’,:;()"))
        seen_capital = capital_mid[bare] > 0 or re.search(rf"\b{re.escape(bare)}\b", evidence) is not None
        if seen_capital:
            proper = capital_mid[bare] >= lower[bare.lower()] or lower[bare.lower()] == 0
        else:  # not in the set at all: names are rare words ("Okafor"), title-case filler is common ("Disagrees")
            proper = zipf(bare.lower()) < 2.0
        if not bare or bare.isupper() or any(c.isupper() for c in bare[1:]) or proper or i == 0:
            out.append(tok)
        else:
            out.append(tok[:1].lower() + tok[1:] if tok[:1].isupper() else tok)
    return " ".join(out)


def _base_verb(word: str) -> str:
    w = word.lower()
    if w in IRREGULAR_PAST:
        return IRREGULAR_PAST[w]
    if w.endswith("ied"):
        return w[:-3] + "y"
    if w.endswith("ed"):
        stem = w[:-2]
        if stem.endswith(("at", "iv", "ur", "ov", "ag", "in", "as", "ir", "uc", "ar")) or w.endswith(("sed", "ced")):
            return w[:-1]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls" else stem
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _is_verbish(word: str) -> bool:
    w = word.lower()
    return w in IRREGULAR_PAST or w.endswith("ed") or (w.endswith("s") and not w.endswith(("ss", "us", "is")))


def heading_question(heading: str, body: str = "") -> str:
    """"Why Wang Left Scale" -> "Why did Wang leave Scale?"; "How MSL Is Organized" -> "How is MSL organized?"."""
    h = heading.strip().rstrip(".?!:")
    sc = sentence_case(h, body)
    toks = sc.split()
    low = [t.lower() for t in toks]
    wh = low[0] if low else ""
    if wh in ("why", "how", "where", "when", "what", "who") and len(toks) >= 3:
        for k in range(2, len(toks)):
            if low[k] in AUX:  # "How MSL Is Actually Organized" -> "How is MSL actually organized?"
                aux = AUX[low[k]]
                subject = " ".join(toks[1:k])
                rest = " ".join(toks[k + 1:])
                if aux == "can't":
                    return f"{toks[0]} can't {subject} {rest}?".replace("  ", " ")
                return f"{toks[0]} {aux} {subject} {rest}?".replace("  ", " ")
        for k in range(2, len(toks)):
            if _is_verbish(toks[k]) and toks[k][:1].islower():
                subject = " ".join(toks[1:k])
                rest = " ".join(toks[k + 1:])
                past = low[k] in IRREGULAR_PAST or low[k].endswith("ed")
                aux = "did" if past else ("do" if subject.lower() in ("they", "we", "you", "i") else "does")
                return f"{toks[0]} {aux} {subject} {_base_verb(toks[k])} {rest}".rstrip() + "?"
        return f"{sc}?"
    m = re.match(r"^(.+?)\s+(was|is|were|are)\s+the\s+(.+)$", sc, re.I)
    if m and len(words(m.group(3))) <= 4:  # "Token Efficiency Was the Surprise" -> "What was the surprise?"
        return f"What {m.group(2).lower()} the {m.group(3)}?"
    m = re.match(r"^(.+?)\s+(?:versus|vs\.?)\s+(.+)$", sc, re.I)
    if m:  # "Country of Geniuses Versus Economy of Agents"
        return f"How does the “{_lower_first(m.group(1))}” differ from the “{_lower_first(m.group(2))}”?"
    m = re.match(r"^(.+?)\s+as\s+(.+)$", sc)
    if m and len(words(m.group(1))) <= 4:  # "MuseSpark as Appetizer, Not Entree" -> "How is MuseSpark framed?"
        return f"What is {m.group(1)} framed as?"
    m = re.match(r"^the\s+(\w+):\s+.+$", sc, re.I)
    if m:  # "The Diagnosis: Llama Was Off-Trajectory" -> "What was the diagnosis?"
        return f"What was the {m.group(1).lower()}?"
    return generic_question(heading, body)


def generic_question(heading: str, evidence: str = "") -> str:
    """The prompt for a heading with no natural question: "Health super intelligence and CZI: what are the key points?"."""
    topic = re.split(r":\s+", sentence_case(heading.strip().rstrip(".?!:"), evidence))[0]
    return f"{topic}: what are the key points?"


def _lower_first(text: str) -> str:
    first = text.split(" ")[0]
    if first.isupper() or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def imperative(label: str) -> bool:
    """"Watch the basics", "Don't crowd the pan": advice, not the name of a thing (a noun is not followed by
    "the")."""
    from .tagging import tag
    toks = [t for t in tag(label.strip()) if t.text[:1].isalnum() or t.text[:1] == "'"]
    if not toks:
        return False
    if re.match(r"(?:don|do not|never|always|avoid|stop|try|keep|make|let|use|better to|best to|it is|it's)\b",
                label.strip(), re.I):
        return True
    return len(toks) > 1 and toks[0].tag in ("VB", "VBP", "NN", "NNP") and toks[1].tag in ("DT", "PRP$") and \
        toks[0].text.lower() not in ("what", "which")


def content_overlap(a: str, b: str) -> set[str]:
    aw = {w.lower() for w in words(a) if w.lower() not in STOPWORDS}
    bw = {w.lower() for w in words(b) if w.lower() not in STOPWORDS}
    return aw & bw


GENERIC_LABELS = {"bottom line", "the bottom line", "why it matters", "takeaway", "key takeaway", "key point", "note",
                  "notes", "personal notes", "context", "background", "example", "examples", "tip", "tips", "lesson",
                  "the lesson", "the point", "in short", "summary", "tl;dr", "tldr", "update", "quote", "result",
                  "results", "caveat", "the catch", "the twist", "reality check", "fun fact", "surprise", "overall"}
ADVICE_HEADS = {"advice", "lesson", "lessons", "tip", "tips", "takeaway", "takeaways", "verdict", "opinion", "moral",
                "recommendation", "recommendations", "suggestion", "suggestions", "warning", "conselho", "conselhos",
                "consejo", "consejos", "conseil", "conseils", "rat", "ratschlag", "tipp", "tipps", "consiglio",
                "consigli", "lição", "lições", "lección", "leçon", "avis", "opinião", "opinión", "opinione", "meinung"}
CLAUSE_VERBS = {"matters", "works", "wins", "counts", "pays", "helps", "beats", "fails", "compounds", "scales",
                "kills", "sells", "lasts", "breaks", "trumps", "rules", "decides", "drives"}  # "Timing matters"
WH_WORDS = {"why", "how", "what", "who", "when", "where", "which"}


def label_question(label: str) -> str | None:
    """"Wang's main philosophical break with Elon Musk" -> "What is Wang's main philosophical break with Elon Musk?";
    None for a generic label ("Bottom line") or a clause, which ask nothing by themselves."""
    from .tagging import VERB_TAGS, tag
    label = label.strip().rstrip(":?.!")
    toks = [t for t in tag(label) if t.text[:1].isalnum()]
    if len(toks) < 2 or label.casefold() in GENERIC_LABELS or len(toks) > 12 or imperative(label):
        return None
    if any(t.text.lower() in ADVICE_HEADS for t in toks[:4]):
        return None  # "Advice for parents", "The speaker's advice": the post's counsel, not a thing to name
    if re.search(r"\b(?:his|her|their|its|my|our|your)\b", label, re.I) or re.search(r"\s(?:and|&)\s", label):
        return None  # "Her core claim": whose? "Launch and partners": two things, no one answer
    if re.search(r"\s(?:to|versus|vs\.?|or)\s", label, re.I) and not label.split()[0].lower() in WH_WORDS:
        return None  # "Snow to firn to ice", "Fixed versus adjustable": a change or a comparison, not a thing
    first = toks[0].text.lower()
    if first in WH_WORDS:
        if toks[1].text.lower() not in QUESTION_AUX:
            return None  # "Why cold matters", "How it works": a heading, not a question ("Why cold matters?")
        return f"{label[:1].upper()}{label[1:]}?"
    if first in ("on", "in", "for", "about", "with", "at", "as", "from", "to", "by", "asked", "per", "and", "but"):
        return None  # "On China": a topic, not a thing with one answer
    if any(t.tag in ("RB", "RBR", "RBS", "MD") for t in toks[1:]) or " than " in f" {label.lower()} " or \
            len(toks) > 1 and toks[1].text.lower() in CLAUSE_VERBS:
        return None  # "Three things reliably fragment REM": a clause
    if any(t.tag in VERB_TAGS and t.tag != "VBG" and (t.tag != "VBN" or i >= 2) and
           not (i and t.tag in ("VB", "VBP") and toks[i - 1].tag in ("JJ", "JJS", "JJR", "DT", "POS", "PRP$"))
           for i, t in enumerate(toks)):
        return None  # a clause: "Wang expects more": its own statement, nothing to ask
    plural = [t.tag in ("NNS", "NNPS") or t.text.lower().endswith("s") and t.tag == "NNP" for t in toks]
    if any(t.tag in ("PRP", "WRB") for t in toks) or any(
            p and nxt.tag not in ("IN", "CC", "POS", ",", "TO") for p, nxt in zip(plural, toks[1:])):
        return None  # "Flashcards work when…", "Schedulers do the spacing": a plural noun then its verb
    at = next((i for i, t in enumerate(toks) if t.tag == "IN" and i), len(toks))
    head = toks[at - 1]  # "Cost of the cells" is one cost
    if head.tag in ("VBN", "VBD", "VBG") or head.tag == "JJ" and at < len(toks):
        return None  # "Born inside Apple", "Founded in 1998", "Lost in translation": a participle's phrase, not a
        # thing ("What is the born inside Apple?", set Q)
    verb = "are" if head.tag in ("NNS", "NNPS") or (len(toks) > 1 and toks[0].text.lower() in NUMBER_WORD_SET) else "is"
    body = label if label.split()[0].isupper() or any(c.isupper() for c in label.split()[0][1:]) \
        or toks[0].tag in ("NNP", "NNPS") else label[:1].lower() + label[1:]
    if toks[0].tag not in ("DT", "PRP$", "POS") and toks[0].tag not in ("NNP", "NNPS") and \
            not re.search(r"[’']s\b", label.split(" ")[0]):
        body = f"the {body}"
    return f"What {verb} {body}?"


QUESTION_AUX = {"is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "will", "would", "has",
                "have", "had", "must", "might", "may"}
NUMBER_WORD_SET = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
