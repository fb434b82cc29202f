"""The tagger's one-pass tagging (`tagging.tag`) gives every token the tag TextBlob's own `Parser.find_tags` gives it.

`tag` repeats the few lines of `find_tags` it needs (a lexicon look-up, then capitals, digits or suffixes for an
unknown word) in the pass that finds the tokens, for speed; this keeps it honest against the library it copies,
on every line of the corpus posts and the bundled sample, with an apostrophe and a capitalised first word mixed in.
"""

from __future__ import annotations

from conftest import BUNDLED, ROOT

from studyapp.cards.tagging import PLAIN_TOKEN_RE, TOKEN_RE, _parser, _sentence_start, tag


def _textblob_tags(sentence: str) -> list[tuple[int, int, str, str]]:
    apostrophe = "'" in sentence or "’" in sentence
    found = [(m.start(), m.end(), m.group()) for m in (TOKEN_RE if apostrophe else PLAIN_TOKEN_RE).finditer(sentence)]
    tagged = _parser()([text.replace("’", "'") for _, _, text in found])  # TextBlob's Parser.find_tags
    out = []
    for (start, end, text), (_, t) in zip(found, tagged):
        if text[:1].isupper():
            if t in ("NN", "NNS") and start > 0 and not _sentence_start(sentence, start):
                t = "NNP" if t == "NN" else "NNPS"
        elif t.startswith("NNP"):
            t = "NNS" if t == "NNPS" else "NN"
        out.append((start, end, text, t))
    return out


def test_tags_match_textblobs_find_tags_on_the_corpus():
    paths = sorted((ROOT / "tests" / "fixtures" / "posts").iterdir()) + [BUNDLED]
    lines = [line.strip() for p in paths if p.is_file()
             for line in p.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    lines += [f"It’s {line[:1].lower()}{line[1:]}" for line in lines[::7]]  # a contraction; a lower-case opener
    assert len(lines) > 3000
    differ = [s for s in lines if [tuple(t) for t in tag.__wrapped__(s)] != _textblob_tags(s)]
    assert differ == []
    assert tag("Meta’s MSL ships models")[0].tag == "NNP"  # a name, and its possessive its own token
