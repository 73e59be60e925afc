"""Text to search tokens: CJK bigrams and lower-cased words, as ES's `cjk` analyzer.

Chinese has no spaces between words, so text is indexed as overlapping pairs of
characters: 腾讯计算机 → 腾讯 讯计 计算 算机. A query is tokenized the same way
and matched as a phrase (consecutive tokens), which finds exactly the documents
containing the fragment. Runs of letters and digits (codes, numbers, pinyin)
become one lower-cased token each; punctuation separates runs. Both database
engines (SQLite FTS5, PostgreSQL text search) index the space-joined tokens.
"""

import re
import unicodedata

# CJK Unified Ideographs with extension A, and compatibility ideographs.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def _normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (９１４４, ＡＢＣ) to ASCII.
    return unicodedata.normalize("NFKC", text or "").lower()


def tokenize(text: str) -> list[str]:
    """Return the tokens of a text, in order."""
    tokens: list[str] = []
    for run in _RUN.findall(_normalise(text)):
        if _IS_CJK.match(run):
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


# Placed between fields so that a phrase never matches across two of them. A
# single alphanumeric token, so that both engines keep it whole.
FIELD_BREAK = "zzfieldbreakzz"


def index_text(*parts: str) -> str:
    """Return the space-joined tokens of several texts, for the index column."""
    joined = f" {FIELD_BREAK} ".join(" ".join(tokenize(part)) for part in parts if part)
    return joined
