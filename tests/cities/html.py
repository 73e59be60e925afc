"""Read tables and inline SVG out of a rendered page, as a reader would see them.

Table cells read as a screen reader reads them: text hidden from assistive
technology (aria-hidden) is left out, visually hidden text is kept.
"""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._section = None
        self._hidden: list[str] = []  # tags open since an aria-hidden one

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._hidden or attrs.get("aria-hidden") == "true":
            self._hidden.append(tag)
            return
        if tag == "table":
            table = {"head": [], "body": [], "foot": []}
            self.tables[attrs.get("id") or f"table-{len(self.tables)}"] = table
            self._stack.append(table)
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr" and self._stack:
            self._stack[-1][self._section or "body"].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden:
            self._hidden.pop()
            return
        if tag == "table" and self._stack:
            self._stack.pop()
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            rows = self._stack[-1][self._section or "body"]
            rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(html: str) -> dict[str, dict]:
    """Return every table by id: its head, body and foot rows of cell texts."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def svgs(html: str) -> list[ET.Element]:
    """Return every inline SVG of the page, parsed as XML."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def data_values(svg: ET.Element) -> dict[tuple[int, int], str]:
    return {
        (int(el.get("data-series")), int(el.get("data-category"))): el.get("data-value")
        for el in svg.iter()
        if el.get("data-value") is not None
    }


_MARKS = re.compile(r"(?: n=\d+)?(?: \* \S+)?$")


def plain(cell: str) -> str:
    """Return a figure cell's value alone, without its n and small-sample mark."""
    return _MARKS.sub("", cell)


def is_sample_heading(heading: str) -> bool:
    return "n（" in heading or "n (" in heading


def figures_only(head: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Return the rows without their n columns, each figure plain."""
    keep = [i for i, heading in enumerate(head) if not is_sample_heading(heading)]
    return [[plain(row[i]) for i in keep] for row in rows]
