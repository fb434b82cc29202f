"""Which line of a post is its title: scored, because every site puts something else above it.

Site names, breadcrumbs, logo text, pull quotes, bylines and page labels ("Episode summary") come before the
title on many pages. Each line before the first part (and before the first list) gets a score from its markup,
length, position, capitals and its neighbours; the best one is the title. `_describe` in the trace names it.
"""

from __future__ import annotations

import re

from .blocks import Block, Document
from .builder import looks_like_heading
from .clean import NUMBERING_RE, TRAIL_DECOR_RE, part_of
from .details import TAG_LINE_RE, is_details
from .headings import TITLE_LABEL_RE


SUMMARY_WORD_RE = re.compile(r"\b(?:summary|summari[sz]ed|key takeaways|takeaways|key ideas|resumo|resumen|résumé|"
                             r"zusammenfassung|riassunto|sintesi)\b", re.I)


SOURCE_LINE_RE = re.compile(r"^(?:Summary of|Notes on|Notes from|Resumen de|Résumé de|Zusammenfassung von|Resumo de)\b|"
                            r"\b(?:episode|episodio|épisode|episódio|Folge|puntata|ep\.)\s*\d+\s*(?:\(|$)|\(\d+\s*min\)$",
                            re.I)  # (not "Episode 77: Whale Falls …", an episode's own title)


def breadcrumb(text: str) -> bool:
    """'Home › Notes › History' (or a profile headline 'Role | Topic | Topic'), or a menu copied without its
    separators: 'Home Lectures Explainers Data Newsletter'."""
    return "›" in text or " > " in text or text.count(" | ") >= 2 or bool(MENU_RE.fullmatch(text)) or \
        bool(MENU_END_RE.search(text)) and len(text.split()) >= 4 and not re.search(r"[.,:;!]", text) or \
        " / " in text and len(text.split()) <= 7 and all(w[:1].isupper() or w[:1].isdigit() or w in "/&"
                                                          for w in text.split()) or \
        text.count(" / ") >= 2 and len(text.split()) <= 10  # "Home / Wildlife / Documentary notes" (sets E, H, J)


MENU_RE = re.compile(r"(?:Home|Inicio|Início|Accueil|Startseite|Casa)(?:\s+[\w&]+){2,9}")
# "Book Notes Food Systems Recipes About Search", "… Qui sommes-nous ? Rechercher": a menu ends with these (set Q)
MENU_END_RE = re.compile(r"\b(?:About|Search|Contact|Subscribe|Sign in|Log in|Login|Newsletter|Merch|Shop|Donate|"
                         r"Support us|Support the [Ss]how|"
                         r"Rechercher|Suche|"
                         r"Kontakt|Buscar|Contacto|Cerca|Contatti|Pesquisar|Contato)$")


def masthead(text: str) -> bool:
    """'Resumos de Documentários | História': a site's name and the section, a short line split once by a bar."""
    return text.count(" | ") == 1 and len(text.split()) <= 6


def _menu_list(blocks: list[Block], i: int) -> bool:
    """A run of three or more items of at most four words each before any part: a site's menu ("All episodes",
    "Banking", "Patreon"), above the title (blind set U), not the post's first list."""
    while i and blocks[i - 1].kind == "item":
        i -= 1  # (from the run's first item)
    run = []
    for block in blocks[i:]:
        if block.kind != "item":
            break
        run.append(block)
    return len(run) >= 3 and all(len(b.text.split()) <= 4 for b in run)


def title_text(block: Block) -> str:
    text = NUMBERING_RE.sub("", block.text.strip()) if block.kind == "item" else block.text.strip()
    text = TRAIL_DECOR_RE.sub("", TITLE_LABEL_RE.sub("", text))
    return " ".join(text.split())


def choose_title(blocks: list[Block], first_part: int, doc: Document, trace: list[str]) -> int | None:
    """The index of the post's title: the best-scoring line before the first part, site chrome scored down."""
    scores: list[tuple[float, int]] = []
    texts = [b.text.strip() for b in blocks[:first_part]]
    meta_title = " ".join((doc.title or "").split()).casefold()
    position = 0
    first_list = next((i for i in range(len(blocks) - 1) if blocks[i].kind == blocks[i + 1].kind == "item" and
                       i and not TAG_LINE_RE.match(blocks[i - 1].text.strip()) and not _menu_list(blocks, i)),
                      len(blocks))
    candidates = blocks[:min(first_part, first_list, 40)]  # the title comes before the lists
    titles = [title_text(b) for b in candidates]  # once each: every line is compared with those above it
    for i, block in enumerate(candidates):
        text = texts[i]
        if not text or is_details(block, doc.author):
            continue
        if block.kind == "item" and i + 1 < first_part and blocks[i + 1].kind == "item" and i and \
                not TAG_LINE_RE.match(texts[i - 1]):
            continue  # part of a list: not a title
        words = text.split()
        score = 2.0 - 0.25 * position
        position += 1
        if block.kind == "heading":
            score += 6 if block.level == 1 else 3
        if meta_title and titles[i].casefold() == meta_title:
            score += 4
        repeated = texts.count(text) > 1 or any(titles[k] == titles[i] for k in range(i) if blocks[k] is not block)
        if repeated and (block.kind == "item" or looks_like_heading(block)):
            score += 3  # the post's title shown twice (a list entry and the post's own heading)
        if 4 <= len(words) <= 22:
            score += 2
            if len(words) >= 6 and SUMMARY_WORD_RE.search(text):
                score += 1  # "… (The New Yorker, 1946): Summary, Key Takeaways and …", "— resumo e principais
                # lições": a post names itself a summary in its title (blind set P: a category line won)
        elif len(words) <= 3:
            score -= 0.5 if len(words) > 1 else 1.5
        else:
            score -= 3
        if looks_like_heading(block):
            score += 1.5
        if len(words) >= 2 and text.upper() == text and any(ch.isalpha() for ch in text):
            score -= 1.5  # "THE BIG PICTURE: ...", "ECON DIGEST": section heads and site names in capitals
            following = blocks[i + 1].text.strip() if i + 1 < len(blocks) else ""
            if len(words) <= 5 and 6 <= len(following.split()) <= 22 and following.upper() != following and \
                    SUMMARY_WORD_RE.search(following):  # (not "THE PSYCHOLOGY OF MONEY" over its subtitle)
                score -= 1.5  # "LE CARNET DU SPECTATEUR" above "« Le Peuple migrateur » (2001) : résumé, …": the
                # site's name in capitals over the post's own title (blind set AB)
        if text.endswith(":") or (text.endswith(".") and len(words) > 14):
            score -= 3
        elif text.endswith("."):
            score -= 1.5  # a sentence, more likely the intro than the title
        if text[:1] in "“\"«„" and text.rstrip()[-1:] in "”\"»“":
            score -= 4  # a pull quote
        if part_of(text) and block.kind != "heading":
            score -= 3  # "Resumo do episódio 58", "Episode summary": a page's label, not the post's title
        if block.marker == "byline":
            score -= 8  # the author's name or headline above a "2 days ago" line (LinkedIn, social posts)
        if " · " in text or " • " in text:
            score -= 2  # "Show · Episode 88", "By X · 9 min read": a details line
        if SOURCE_LINE_RE.search(text) and len(words) <= 12:
            score -= 3  # "Summary of: Wild Lab Podcast, episode 204 (58 min)", "Ingenieros de Papel · Resumen del
            # episodio 112": the show and episode a post sums up, not its own title (blind set Z)
        if i and (breadcrumb(texts[i - 1]) or masthead(texts[i - 1])):
            score += 1.5  # sites put the post's title right under the breadcrumb or the site's name
            nxt_words = len(blocks[i + 1].text.split()) if i + 1 < len(blocks) else 0
            if len(words) <= 3 and blocks[i + 1].kind != "item" and 6 <= nxt_words <= 22 and \
                    not blocks[i + 1].text.rstrip().endswith("."):
                score -= 3  # "Business History", "Science & Nature": the section a menu leads to, above the
                # post's own title (blind set Z)
        if breadcrumb(text):
            score -= 4  # a breadcrumb or a profile headline
        elif masthead(text) and i + 1 < len(candidates):
            score -= 2.5  # (blind set O: a Portuguese post was titled by its site's name and section)
        if i and TAG_LINE_RE.match(texts[i - 1]) and block.kind == "item":
            score += 3  # PJFP-style tag pages: the post's title is the first bullet under "Tag: ..."
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if len(words) <= 4 and nxt is not None and looks_like_heading(nxt) and nxt.kind != "item" and \
                block.kind != "heading" and (position == 1 or len(nxt.text.split()) > len(words)):
            score -= 2  # a masthead or a show's name above the post's (or episode's) own title
        scores.append((score, -i))
    if not scores:
        return None
    best = max(scores)
    index = -best[1]
    trace.append(f"took {blocks[index].kind} {blocks[index].text[:50]!r} as the title")
    return index
