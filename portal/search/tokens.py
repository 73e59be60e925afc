"""Text to search tokens: CJK bigrams and lower-cased words, as ES's `cjk` analyzer.

Chinese has no spaces between words, so text is indexed as overlapping pairs of
characters: 腾讯计算机 → 腾讯 讯计 计算 算机. A query is tokenized the same way
and matched as a phrase (consecutive tokens), which finds exactly the documents
containing the fragment. Runs of letters and digits (codes, numbers, pinyin)
become one lower-cased token each; punctuation separates runs.

Where a CJK run meets another run (88号楼, 科技A座), its edge character is also a
token of its own, just before or after the bigrams: 88 号 号楼. So a query that
ends or starts inside that run (88号, 技A) finds it, because the query is
tokenized by the same rule: 88号 gives 88 号, which stand next to each other in
the text. Every backend indexes these same space-joined tokens (SQLite FTS5,
PostgreSQL text search, an Elasticsearch whitespace-analyzed field).
"""

import operator
import re
import unicodedata

# CJK Unified Ideographs with extension A, and compatibility ideographs.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def _normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (９１４４, ＡＢＣ) to ASCII.
    return unicodedata.normalize("NFKC", text or "").lower()


def is_cjk(token: str) -> bool:
    return bool(_IS_CJK.match(token))


def tokenize(text: str) -> list[str]:
    """Return the tokens of a text, in order."""
    runs = _RUN.findall(_normalise(text))
    last = len(runs) - 1
    tokens: list[str] = []
    for position, run in enumerate(runs):
        # A run is all CJK or all ASCII letters and digits: its first
        # character tells which. (This loop is most of a rebuild's time.)
        if len(run) == 1 or run[0] <= "z":
            tokens.append(run)
            continue
        if position:
            tokens.append(run[0])
        tokens += map(operator.add, run, run[1:])
        if position < last:
            tokens.append(run[-1])
    return tokens


# A run of letters or digits alone is a prefix from this length: xq must not
# find every word starting with xq, but a cut-off code (91330106) should.
OPEN_ALONE = 4


def ends_open(phrase: tuple[str, ...]) -> bool:
    """Tell whether a query phrase's last token matches as a prefix."""
    last = phrase[-1]
    if is_cjk(last):
        return False
    return len(phrase) > 1 or len(last) >= OPEN_ALONE


# Placed between fields so that a phrase never matches across two of them. A
# single alphanumeric token, so that both engines keep it whole.
FIELD_BREAK = "zzfieldbreakzz"


def index_text(*parts: str) -> str:
    """Return the space-joined tokens of several texts, for the index column."""
    joined = f" {FIELD_BREAK} ".join(" ".join(tokenize(part)) for part in parts if part)
    return joined
