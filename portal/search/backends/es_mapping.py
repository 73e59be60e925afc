"""The Elasticsearch index: its mapping, its settings and its versioned names.

Every rebuild writes a new index `<prefix>-documents-<UTC timestamp>` and then
moves the alias `<prefix>-documents` onto it, so readers never see a half-built
or empty index.
"""

import datetime
import re

from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    normalizer,
)

from portal.registry.regions import province_code
from portal.search.documents import Document as SearchDocument

# The built-in cjk analyzer (width folding, lower case, overlapping bigrams) as
# portal/search/tokens.py imitates it, but keeping English stop words: a search
# for "the" or "it" must find what the database backend finds.
CJK = analyzer("portal_cjk", type="cjk", stopwords="_none_")
LOWERCASE = normalizer("portal_lowercase", filter=["lowercase"])
_STAMP = "%Y%m%d%H%M%S%f"


class IndexedDocument(Document):
    """The mapping of one `portal.search.documents.Document` in the index."""

    key = Keyword()
    kind = Keyword()
    object_id = Long()
    # Searches match `tokens`: the tokens of portal/search/tokens.py, which the
    # database backend indexes too, so both find exactly the same documents
    # (the edge characters beside a CJK run are beyond the cjk analyzer).
    # FIELD_BREAK tokens between fields keep a phrase within one field.
    tokens = Text(analyzer="whitespace")
    # Title and text are analysed with cjk as well, for anyone querying the
    # index directly (Kibana, scripts); snippets are cut from the stored text.
    title = Text(analyzer=CJK, fields={"keyword": Keyword(ignore_above=512)})
    text = Text(analyzer=CJK)
    codes = Keyword(normalizer=LOWERCASE)
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    region_code = Keyword()
    province_code = Keyword()
    authority_id = Long()
    authority_name = Keyword()
    categories = Keyword()
    list_slug = Keyword()
    updated_at = Date()

    class Meta:
        # A stray field is a bug in to_source(), not something to guess a type for.
        dynamic = MetaField("strict")


def alias_name(prefix: str) -> str:
    """Return the alias that readers and incremental writes use."""
    return f"{prefix}-documents"


def index_name(prefix: str, now: datetime.datetime | None = None) -> str:
    """Return a new versioned index name for a rebuild started at `now` (UTC)."""
    now = now or datetime.datetime.now(datetime.UTC)
    return f"{alias_name(prefix)}-{now.astimezone(datetime.UTC).strftime(_STAMP)}"


def is_version_of(name: str, prefix: str) -> bool:
    """Tell whether `name` is one of the versioned indexes behind the alias."""
    return re.fullmatch(rf"{re.escape(alias_name(prefix))}-\d{{20}}", name) is not None


def index_body() -> dict:
    """Return the settings and mappings of a new index, as sent to create it."""
    index = Index("unused")
    index.settings(number_of_shards=1)
    index.document(IndexedDocument)
    return index.to_dict()


def mapping() -> dict:
    """Return the mappings part of the index body."""
    return index_body()["mappings"]


def settings() -> dict:
    """Return the settings part of the index body (shards and analysis)."""
    return index_body()["settings"]


def to_source(document: SearchDocument) -> dict:
    """Return the `_source` of a document; empty values are left out, so no facet
    counts an empty string."""
    source = {
        "key": document.key,
        "kind": document.kind,
        "object_id": document.object_id,
        "title": document.title,
        "text": [line for line in document.text.split("\n") if line.strip()],
        "tokens": document.tokens(),
        "codes": list(document.codes),
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
        "year": document.date.year if document.date else None,
        "region_code": document.region_code,
        "province_code": province_code(document.region_code),
        "authority_id": document.authority_id,
        "authority_name": document.authority_name,
        "categories": [category for category in document.categories if category],
        "list_slug": document.list_slug,
        "updated_at": document.updated_at.isoformat() if document.updated_at else None,
    }
    return {name: value for name, value in source.items() if value not in ("", None)}
