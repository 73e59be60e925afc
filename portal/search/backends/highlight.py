"""Snippets: a short window of a document's text with the query phrases marked.

A phrase is a run of tokens; in the text it is the original fragment: a CJK
run is the bigrams put back together (腾讯 讯计 → 腾讯计), a word matches
whole and case-insensitively, full-width or not; between runs any punctuation
or spaces may stand.
"""

import re
from html import escape

from portal.search.tokens import _CJK, ends_open, is_cjk

WINDOW = 80
_BEFORE = 24  # characters of context shown before the first match
_GAP = rf"[^0-9A-Za-z０-９Ａ-Ｚａ-ｚ{_CJK}]*"


def _letter(char: str) -> str:
    if char.isascii() and char.isalnum():
        wide = chr(ord(char.upper()) + 0xFEE0) + chr(ord(char.lower()) + 0xFEE0)
        return f"[{re.escape(char)}{wide}]"
    return re.escape(char)


def _is_bigram(token: str) -> bool:
    return len(token) == 2 and is_cjk(token)


def _is_edge(tokens: tuple[str, ...], i: int) -> bool:
    """Tell whether tokens[i] is the edge character the tokenizer adds beside a
    CJK run's bigrams (88 号 号楼), which the bigram already shows."""
    token = tokens[i]
    if len(token) != 1 or not is_cjk(token):
        return False
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return (_is_bigram(after) and after[0] == token) or (
        _is_bigram(before) and before[1] == token
    )


def _runs(phrase: tuple[str, ...]) -> list[str]:
    """Put overlapping CJK bigrams back together into the fragments they came from."""
    runs: list[str] = []
    joinable = False
    for i, token in enumerate(phrase):
        if _is_edge(phrase, i):
            continue
        if joinable and _is_bigram(token) and runs[-1][-1] == token[0]:
            runs[-1] += token[1]
        else:
            runs.append(token)
        joinable = _is_bigram(token)
    return runs


def phrase_pattern(phrase: tuple[str, ...]) -> re.Pattern:
    """Return a regex finding the phrase's original text."""
    parts = []
    runs = _runs(phrase)
    for position, run in enumerate(runs):
        body = "".join(_letter(char) for char in run)
        if run[0].isascii():
            if position == len(runs) - 1 and ends_open(phrase):
                # A prefix: mark the rest of the run too (办理20 → 办理2024).
                tail = r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]*"
                body = rf"(?<![0-9A-Za-z]){body}{tail}"
            else:
                body = rf"(?<![0-9A-Za-z]){body}(?![0-9A-Za-z])"
        parts.append(body)
    return re.compile(_GAP.join(parts), re.IGNORECASE)


def snippet(fields: list[str], phrases) -> str:
    """Return escaped HTML: a window of the first field matching a phrase, marked."""
    patterns = [phrase_pattern(phrase) for phrase in phrases]
    for field in fields:
        starts = [m.start() for p in patterns if (m := p.search(field))]
        if starts:
            begin = max(0, min(starts) - _BEFORE)
            return _marked(field, begin, patterns)
    # Matched by a code alone: show the fields, the masked ID number among them.
    return _marked(" · ".join(dict.fromkeys(filter(None, fields))), 0, [])


def marked(text: str, phrases) -> str:
    """Return the whole text as escaped HTML, with the phrases marked."""
    return _mark(text, [phrase_pattern(phrase) for phrase in phrases])


def _marked(field: str, begin: int, patterns) -> str:
    end = min(len(field), begin + WINDOW)
    html = _mark(field[begin:end], patterns)
    return ("…" if begin else "") + html + ("…" if end < len(field) else "")


def _mark(text: str, patterns) -> str:
    spans = sorted(
        match.span() for pattern in patterns for match in pattern.finditer(text)
    )
    html, cursor = [], 0
    for start, stop in spans:
        if start < cursor:  # overlaps the previous mark
            start = cursor
        if start >= stop:
            continue
        html += [escape(text[cursor:start]), "<mark>", escape(text[start:stop])]
        html.append("</mark>")
        cursor = stop
    html.append(escape(text[cursor:]))
    return "".join(html)
