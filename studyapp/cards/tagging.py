"""Part-of-speech tags for card generation, from TextBlob's bundled Brill tagger (Pattern's English lexicon).

A blank must be a noun phrase, a name or a number, never a verb, adverb or function word alone; rarity alone cannot
tell "arriving" or "hires" from "appetizer". The tagger ships its lexicon inside the `textblob` wheel (no download at
run time) and tags ~50k tokens a second; it is loaded on first use, never at start-up, and results are cached per
sentence because a post's sentences are tagged several times (candidates, checks, distractors).
See docs/decisions.md ("A tagger for card generation") for the packages compared.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Words (letters/digits with inner hyphens, ampersands and dots in abbreviations), a possessive or contraction
# ending as its own token (the lexicon knows "'s", not "Meta's"), numbers with currency and percent, punctuation.
TOKEN_RE = re.compile(
    r"[$€£]?\d[\d,]*(?:\.\d+)?%?(?:-[^\W\d_]+)*"
    r"|[^\W_](?:[\w&\-]*[^\W_])?(?=['’](?:s|re|ve|ll|d|t)\b)"
    r"|['’](?:s|re|ve|ll|d|t)\b"
    r"|[^\W_](?:[\w&.\-]*[^\W_.])?"
    r"|[^\w\s]")
# The same without the two apostrophe alternatives, for the many sentences with no apostrophe (where those can never
# match): trying them costs a scan of every word and back again.
PLAIN_TOKEN_RE = re.compile(
    r"[$€£]?\d[\d,]*(?:\.\d+)?%?(?:-[^\W\d_]+)*"
    r"|[^\W_](?:[\w&.\-]*[^\W_.])?"
    r"|[^\w\s]")

# Both again for ASCII text (most sentences), with ASCII character classes (a table look-up per character instead
# of its Unicode category) and the same tokens: Unicode white space holds four ASCII control characters that ASCII
# `\s` does not (U+001C to U+001F), added back.
TOKEN_ASCII_RE = re.compile(TOKEN_RE.pattern.replace(r"[^\w\s]", r"[^\w\s\x1c-\x1f]"), re.ASCII)
PLAIN_TOKEN_ASCII_RE = re.compile(PLAIN_TOKEN_RE.pattern.replace(r"[^\w\s]", r"[^\w\s\x1c-\x1f]"), re.ASCII)

NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
ADJ_TAGS = frozenset({"JJ", "JJR", "JJS"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
NOUN_ADJ_TAGS = NOUN_TAGS | ADJ_TAGS  # (one set, not a union built at every test in the candidate loops)


class Token(NamedTuple):  # a tuple: a post's tens of thousands are made fast, and compare by value
    start: int
    end: int
    text: str
    tag: str

    @property
    def is_noun(self) -> bool:
        return self.tag in NOUN_TAGS

    @property
    def is_verb(self) -> bool:
        return self.tag in VERB_TAGS


_new_token = tuple.__new__  # Token(...) through its generated __new__ costs a Python call per token


@lru_cache(maxsize=1)
def _parser():
    """TextBlob's English Brill tagger, loaded from its own data files. `textblob._text` (Pattern's parser) needs only
    the standard library; importing the `textblob` package would also import NLTK and NumPy (0.4 s) for nothing."""
    import importlib.util
    import os
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("textblob is not installed")
    root = spec.submodule_search_locations[0]
    text_spec = importlib.util.spec_from_file_location("studyapp._textblob_text", os.path.join(root, "_text.py"))
    module = importlib.util.module_from_spec(text_spec)
    text_spec.loader.exec_module(module)
    data = os.path.join(root, "en")
    lexicon = module.Lexicon(path=os.path.join(data, "en-lexicon.txt"),
                             morphology=os.path.join(data, "en-morphology.txt"),
                             context=os.path.join(data, "en-context.txt"),
                             entities=os.path.join(data, "en-entities.txt"), language="en")
    parser = module.Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")
    tagger = lambda tokens: module.Parser.find_tags(parser, tokens)  # noqa: E731  ([word, tag] lists)
    tagger.lexicon = lexicon
    tagger.suffix_rules = module._suffix_rules
    tagger.cd = module.CD
    return tagger


def lexicon_tag(word: str) -> str | None:
    """The lexicon's own tag for a word as written, or None for a word it does not know (a name, a coinage):
    "random" -> JJ, "engineers" -> NNS, "microsoft" -> None."""
    return _parser().lexicon.get(word)


@lru_cache(maxsize=20_000)
def tag(sentence: str) -> tuple[Token, ...]:
    """The sentence's tokens with their Penn Treebank tags and character offsets."""
    apostrophe = "'" in sentence or "’" in sentence
    tagger = _parser()
    get, suffix_rules, cd = tagger.lexicon.get, tagger.suffix_rules, tagger.cd
    out = []
    append = out.append
    if sentence.isascii():
        pattern = TOKEN_ASCII_RE if apostrophe else PLAIN_TOKEN_ASCII_RE
    else:
        pattern = TOKEN_RE if apostrophe else PLAIN_TOKEN_RE
    for m in pattern.finditer(sentence):
        # The tagger's `find_tags` as `Parser.find_tags` calls it (no morphology, context or entity rules), one
        # token at a time in the same pass as the offsets: its tag for a word depends on that word alone.
        start, end = m.span()
        text = m.group()
        word = text.replace("’", "'") if apostrophe else text
        t = get(word, get(word.lower()) or None) if not out else get(word)  # (the first word in lower case too)
        if t is None:  # a word the lexicon does not know
            t = "NNP" if word.istitle() else "CD" if cd.match(word) is not None else suffix_rules([word, "NN"])[1]
        if text[:1].isupper():
            if t in ("NN", "NNS") and start > 0 and not _sentence_start(sentence, start):
                t = "NNP" if t == "NN" else "NNPS"  # capitalised mid-sentence: a name ("MSL", "MuseSpark")
        elif t.startswith("NNP"):
            t = "NNS" if t == "NNPS" else "NN"  # the lexicon's guess for unknown lower-case words
        append(_new_token(Token, (start, end, text, t)))
    return tuple(out)


def _sentence_start(sentence: str, at: int) -> bool:
    head = sentence[:at].rstrip(" “\"‘(")
    return not head or head[-1] in ".!?:;"
