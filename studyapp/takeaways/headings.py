"""The words of takeaway posts, per language, in one table: part headings, list intros, site chrome.

Everything language-specific that the recogniser knows lives here, so supporting a new language (or a new site's
wording) is a table edit, not new code. Each entry is a regular-expression fragment matched against a whole line,
case-insensitively, after emoji, numbering and trailing punctuation are stripped (see `clean.bare`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# part -> language -> fragments. A heading "is" a part when its bare text matches one fragment in full.
PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "tldw": {
        "en": (r"tl;?\s?d[wrl](?:\s*/\s*tl;?\s?d[wr])?(?:\s*\(too long;?\s*didn['’]?t (?:watch|read|listen)\))?",
               r"too long;?\s*didn['’]?t (?:watch|read|listen)", r"(?:the )?short version", r"in short",
               r"(?:ai |ai-generated |generated |quick |short |one[- ]line |executive |episode |video )summary",
               r"episode(?: \d+)? summary",
               r"1-sentence-summary", r"one[- ]sentence summary", r"bottom line up front", r"in a nutshell",
               r"final summary", r"the key message"),
        "es": (r"en resumen", r"en pocas palabras", r"resumen rápido", r"resumen del episodio(?: \d+)?"),
        "de": (r"kurz und knapp", r"kurzfassung", r"auf einen blick", r"zusammenfassung der folge(?: \d+)?"),
        "fr": (r"en bref", r"en résumé", r"l['’]essentiel", r"résumé de l['’]épisode(?: \d+)?"),
        "it": (r"in breve", r"in sintesi", r"riassunto dell['’]episodio(?: \d+)?"),
        "pt": (r"em resumo", r"em poucas palavras", r"resumo do episódio(?: \d+)?"),
    },
    "takeaways": {
        "en": (r"(?:the )?(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:\w+\s+)?|"
               r"(?:key|core|main|top|big|major|biggest|most important|quick|short)\s+)?"
               r"(?:takeaways?|ideas|lessons(?: learned)?|points|insights|learnings|themes|highlights|facts|"
               r"things (?:we|i) learned|key points for quick navigation|findings)"
               r"(?:\s+(?:for|from|of|in|on)\s+\S+(?:\s+\S+){0,3})?(?:\s*\(\d+\))?",
               r"what (?:i|we) learned", r"key ideas", r"main points", r"(?:top|key) takeaways", r"my takeaways",
               r"(?:\d+\s+)?lessons? i learned(?: the hard way)?"),
        "es": (r"ideas clave", r"(?:las )?claves(?: del (?:episodio|libro|artículo|día))?",
               r"(?:las )?(?:\d+ )?(?:ideas|lecciones|conclusiones) (?:clave|principales)",
               r"puntos clave", r"lo que aprendimos", r"lo que aprendí", r"lecciones aprendidas"),
        "de": (r"(?:die )?(?:\d+ )?(?:wichtigsten )?(?:erkenntnisse|learnings|lektionen|punkte|kernaussagen|ergebnisse)"
               r"(?:\s+\S+){0,4}", r"das wichtigste in kürze", r"themen in der folge", r"was ich gelernt habe"),
        "fr": (r"(?:les )?(?:\d+ )?points? clés?", r"(?:les )?(?:\d+ )?(?:idées|leçons) (?:clés|principales)",
               r"à retenir", r"ce que j['’]ai appris", r"(?:\d+ )?enseignements"),
        "it": (r"(?:i )?punti chiave", r"(?:le )?(?:\d+ )?lezioni(?: chiave)?", r"idee principali",
               r"cosa ho imparato"),
        "pt": (r"(?:principais )?(?:lições|pontos|ideias)(?: principais| chave)?", r"o que aprendi"),
    },
    "summary": {
        "en": (r"(?:detailed|full|in-depth|extended|complete|chapter)\s+summary", r"chapters", r"time ?stamps",
               r"the details", r"deep dive"),
        "es": (r"resumen detallado", r"resumen completo", r"capítulos"),
        "de": (r"ausführliche zusammenfassung", r"detaillierte zusammenfassung", r"kapitel"),
        "fr": (r"résumé détaillé", r"résumé complet", r"chapitres"),
        "it": (r"riassunto dettagliato", r"riassunto completo", r"capitoli"),
        "pt": (r"resumo detalhado", r"resumo completo", r"capítulos"),
    },
    "thoughts": {
        "en": (r"(?:(?:final|closing|my|some|our|personal|concluding|last)\s+)?thoughts", r"my take", r"wrapping up",
               r"to wrap up", r"in closing",
               r"takeaway for me", r"conclusion", r"verdict", r"(?:my|our|the) (?:verdict|take|opinion|review)",
               r"what (?:i|we) thought", r"should you (?:listen|watch|read)(?: (?:to )?it)?"),
        "es": (r"(?:reflexiones|conclusiones)(?: finales)?", r"mi opinión", r"para terminar"),
        "de": (r"(?:mein )?fazit", r"(?:meine |eigene )?gedanken", r"meine meinung", r"zum schluss"),
        "fr": (r"(?:mon )?avis", r"réflexions", r"conclusion", r"mon avis", r"pour finir", r"pour conclure"),
        "it": (r"(?:considerazioni|riflessioni)(?: finali)?", r"la mia opinione", r"per concludere"),
        "pt": (r"(?:reflexões|considerações)(?: finais)?", r"minha opinião", r"para terminar", r"em conclusão"),
    },
    # Headings of link lists and show-note furniture: their lists are not takeaways.
    "links": {
        "en": (r"links?", r"resources(?: mentioned)?", r"where to find .{1,60}", r"show notes", r"mentioned",
               r"follow (?:us|the show|me)", r"sponsors?", r"credits",
               r"further reading", r"related(?: posts| articles)?"),
        "es": (r"enlaces", r"recursos", r"dónde encontrar.{0,60}"),
        "de": (r"links", r"in dieser folge.{0,60}", r"host und podcast", r"shownotes", r"quellen"),
        "fr": (r"liens", r"ressources", r"pour aller plus loin"),
        "it": (r"link", r"risorse"),
        "pt": (r"links", r"recursos"),
    },
}

# Lines that are site chrome wherever they appear (navigation, account, share bars, read-time and age lines).
CHROME = (
    r"skip to (?:main )?content", r"menu", r"search", r"my account", r"sign in", r"log ?in", r"sign up", r"subscribe",
    r"home", r"table of contents", r"contents", r"recent articles", r"most popular articles", r"blog categories",
    r"header image", r".{1,40} logo", r"share(?: this(?: article| post)?)?:?", r"like this:?", r"related",
    r"read more", r"continue reading", r"see more", r"…?\s*(?:see more|mehr anzeigen|voir plus|ver más)",
    r"twitter", r"facebook", r"linkedin", r"whatsapp", r"e-?mail", r"print", r"tweet", r"pin it",
    r"sign up to our newsletter", r"join our newsletter.{0,80}", r"(?:\(|\[)?(?:continued|continúa|suite|fortsetzung)"
    r"(?:\)|\])?\s*(?:\.\.\.|…)?", r"made with \w+", r"\d+\s*(?:min|minute|minutes)(?: read)?",
    r"read in:? \d+ minutes?", r"(?:published |posted )?(?:about |over )?\d+\s*(?:[smhdwy]|hrs?|hours?|days?|weeks?|"
    r"months?|years?|tage?|wochen?|sem\.?|j|jours?|mois|ans?|semanas?|días?|meses)\s*(?:ago)?(?:\s*•\s*\w+)?",
    r"(?:published )?(?:about |over )?(?:a|an|one) "
    r"(?:day|week|month|year) ago", r"edit(?:ed)?:.{0,200}", r"listen on .{1,80}", r"watch on .{1,60}",
    r"(?:#\w+\s*)+", r"gefällt mir.{0,80}", r"like\s+comment\s+share.{0,40}", r".{0,20}\d+\s*(?:kommentare|comments)",
    r"read the full notes @.{1,60}", r"(?:previous|next) post", r"post navigation", r"posted in .{1,60}",
    r"tagged .{1,80}", r"posted by u/.{1,80}", r"r/\w+", r"by", r"tools", r"blogs?", r"notes",
    r"see you next \w+!?", r"\d+(?:[.,]\d+)?\s*[km]?", r"(?:responses?|comments?|antworten) \(\d+\)",
    r"subscribe\b.{0,100}", r"music:.{0,100}", r"(?:suscríbete|abonnez-vous|abonniere|iscriviti|inscreva-se)\b.{0,100}",
    r"(?:j['’]aime|me gusta|mi piace|curtir)(?:\s*·\s*\w+){1,3}",
    r"(?:together with|presented by|sponsored by|in partnership with) .{1,60}",
    r"share the \w+", r"refer a friend.{0,80}", r"©.{0,80}", r"copyright .{0,80}", r"to me", r"privacy(?: policy)?",
    r"terms(?: of (?:use|service))?", r"follow", r"listen", r"member-only story",
    r"[\d,.]+[km]?\s*(?:views|aufrufe|vues|"
    r"visualizaciones|visualizzazioni)\b.{0,80}", r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}",
    r"(?:status|rating|priority)(?::.{0,30})?", r"reply", r"u/\w+",
    r"support (?:the|this|our) (?:show|podcast|channel|newsletter).{0,80}", r".{0,40}patreon\.com.{0,60}",
    r"@[\w.]{1,30}(?:@[\w.-]{1,60})?", r"post", r"\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*·.{0,40}",
    r"\d+ (?:boosts?|favourites?|favorites?|reblogs?|reposts?|likes?)(?:\s*·.{0,60})?",
    r"if (?:this|you) (?:was useful|found this useful|liked this|enjoyed this).{0,160}", r"browse",
    r"(?:…|\.\.\.)\s*more", r"learn more about your ad choices.{0,80}", r"partager(?: cet article)?",
    r"compartir:?.{0,60}", r"compartilh(?:e|ar)(?: (?:este|esta) \w+)?:?.{0,60}", r"share\s?:(?:\s*[|·,/]?\s*(?:e-?mail|facebook|x|twitter|linkedin|whatsapp|reddit|threads|bluesky|"
    r"mastodon|telegram|pinterest|print|copy link))+",
    r"read (?:in|on) .{3,30}", r"(?:[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}[)\]]?)\s*[–—-]\s*"
    r"(?:[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}[)\]]?)", r"(?:like|comment|share)(?:\s*·\s*(?:like|comment|share|"
    r"\d+\s*likes?))+", r".{1,30}['’]s review", r"teilen:?.{0,60}", r"condividi.{0,60}", r"apple podcasts",
    r"spotify", r".{1,40} <[^<>@\s]+@[^<>\s]+>", r"thanks for reading.{0,120}", r"share\s+like\s+comment.{0,40}",
    r"(?:share|like|comment)(?:\s+(?:share|like|comment|restack))+",
    r"(?:advertisement|anzeige|publicidad|publicité|pubblicità|publicidade)", r"\(c\)\s.{0,80}",
    r"(?:liked|enjoyed) this (?:interview|post|article|episode|conversation)\?.{0,120}",
    r"vous avez aimé cet (?:entretien|article|épisode) \?.{0,120}", r"partager\s?:.{0,60}",
    r"previous:.{1,120}\|\s*next:.{1,120}",
    r"\[(?:image|photo|picture|bild|foto|imagen|immagine|imagem)\b[^\]]{0,120}\]",
)

# Lines after which the rest of a page is comments or the next post: reading stops there.
END_OF_POST = (r"level 1", r"(?:top |all |\d+ )?comments?(?: \(\d+\))?", r"(?:top |all )?responses? \(\d+\)",
               r"leave a (?:reply|comment)", r"add a comment", r"sort by:?.{0,30}", r"\d+\s+kommentare",
               r"kommentare(?: \(\d+\))?", r"commentaires?(?: \(\d+\))?", r"comentarios?(?: \(\d+\))?",
               r"commenti(?: \(\d+\))?", r"comentários?(?: \(\d+\))?", r"comments are closed")

# Lines introducing a list ("Here are 3 lessons from the book:"), per language. Matched as a search, not in full.
LIST_INTRO = {
    "en": r"\b(?:takeaways?|lessons?|learned|learnt|points|insights|ideas|things|facts|supports?)\b",
    "es": r"\b(?:aprender|aprendimos|lecciones|ideas|claves?|puntos)\b",
    "de": r"\b(?:gelernt|learnings|erkenntnisse|punkte|lektionen)\b",
    "fr": r"\b(?:appris|leçons|idées|points|retiens|retenir|retenu)\b",
    "it": r"\b(?:imparato|lezioni|punti)\b",
    "pt": r"\b(?:aprendi|lições|pontos)\b",
}

# Interview markers: "Q: …" / "A: …" lines, per language (question, answer); a single letter only as a capital.
QA_MARKERS = {
    "en": (r"Q|[Qq]uestion|[Ii]nterviewer", r"A|[Aa]nswer"),
    "es": (r"P|[Pp]regunta", r"R|[Rr]espuesta"),
    "de": (r"F|[Ff]rage", r"A|[Aa]ntwort"),
    "fr": (r"Q|[Qq]uestion", r"R|[Rr]éponse"),
    "it": (r"D|[Dd]omanda", r"R|[Rr]isposta"),
    "pt": (r"P|[Pp]ergunta", r"R|[Rr]esposta"),
}

# A bare "Summary" heading: the summary part when sub-headings follow it, else a TLDW label.
AMBIGUOUS_SUMMARY = (r"summary", r"resumen", r"zusammenfassung", r"résumé", r"riassunto", r"resumo")

# Month names (and their usual abbreviations) of the supported languages, to English, for reading date lines.
MONTHS: dict[str, str] = {}
for _english, _names in {
    "January": "januar janvier enero gennaio janeiro janv jän ene gen", "February": "februar février febrero febbraio "
    "fevereiro févr feb fev", "March": "märz mars marzo março mär", "April": "avril abril aprile avr abr",
    "May": "mai mayo maggio maio mag", "June": "juni juin junio giugno junho giu", "July": "juli juillet julio luglio "
    "julho juil lug", "August": "août agosto aoû ago", "September": "septembre septiembre settembre setembro sept set",
    "October": "oktober octobre octubre ottobre outubro okt oct ott out", "November": "novembre noviembre novembro nov",
    "December": "dezember décembre diciembre dicembre dezembro déc dez dic"}.items():
    for _name in _names.split():
        MONTHS[_name] = _english

# A title's leading label that names the page type rather than the post ("Resumen en PDF:", "PDF Summary:").
TITLE_LABELS = (r"(?:resumen en pdf|pdf summary|resumo em pdf|pdf-zusammenfassung|résumé pdf)\s*:\s*",
                r"(?:title|titel|título|titre|titolo)\s*:\s*")  # "Title: ..." field lines of summary tools

SITE_RE = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?$", re.I)


def _compile(fragments) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(f"(?:{f})" for f in fragments) + r")$", re.I)


@lru_cache(maxsize=None)
def part_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Order matters: a "summary" heading with a qualifier ("Detailed Summary") is the summary part even though
    # plain "Summary" alone is a TLDW label; the more specific parts are tried first.
    order = ("links", "thoughts", "summary", "takeaways", "tldw")
    out = []
    for part in order:
        out.append((part, _compile(f for lang in PARTS[part].values() for f in lang)))
    return tuple(out)


CHROME_RE = _compile(CHROME)
AMBIGUOUS_SUMMARY_RE = _compile(AMBIGUOUS_SUMMARY)
END_OF_POST_RE = _compile(END_OF_POST)
LIST_INTRO_RE = re.compile("|".join(LIST_INTRO.values()), re.I)
QUESTION_MARK_RE = re.compile(r"^(?:" + "|".join(sorted({q for q, _ in QA_MARKERS.values()})) +
                              r")\s?:\s*(?P<rest>\S.*)$", re.S)
ANSWER_MARK_RE = re.compile(r"^(?:" + "|".join(sorted({a for _, a in QA_MARKERS.values()})) +
                            r")\s?:\s*(?P<rest>\S.*)$", re.S)
TITLE_LABEL_RE = re.compile(r"^(?:" + "|".join(TITLE_LABELS) + r")", re.I)
