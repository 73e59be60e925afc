"""Charts are valid SVG with the numbers of the table beside them and of its CSV."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from portal.cities import measures
from portal.cities.charts import Chart, Series

SVG = "{http://www.w3.org/2000/svg}"


def _chart(kind="line", measure=measures.ON_TIME, series=None, categories=None):
    return Chart(
        slug="test",
        kind=kind,
        title='Published on time <& "quoted">',
        description="A test chart & its numbers.",
        measure=measure,
        category_heading="Quarter",
        categories=categories or ("2024Q3", "2024Q4", "2025Q1"),
        series=series
        or (
            Series("杭州市", (0.8, None, 1.0)),
            Series("Average", (0.825, 0.9, 0.75), average=True),
        ),
        csv_url="/x.csv",
    )


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg()))


def marks(root) -> dict[tuple[int, int], str]:
    """Return each bar's or point's value by (series, category)."""
    return {
        (int(el.get("data-series")), int(el.get("data-category"))): el.get("data-value")
        for el in root.iter()
        if el.get("data-value") is not None
    }


@pytest.mark.parametrize("kind", ["line", "bar", "hbar"])
def test_the_svg_parses_and_is_labelled(kind):
    chart = _chart(kind)
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == chart.title
    assert chart.description in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    texts = {el.text for el in root.iter(f"{SVG}text")}
    # Axis labels: the categories and round ticks.
    assert {"2024Q3", "2024Q4", "2025Q1"} <= texts
    assert "100" in texts


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_every_mark_carries_the_number_of_the_table(kind):
    chart = _chart(kind)
    found = marks(parse(chart))
    expected = {
        (j, i): cell
        for i, row in enumerate(chart.rows)
        for j, cell in enumerate(row[1:])
        if cell
    }
    assert found == expected
    assert found[(0, 0)] == "80.0"
    assert found[(1, 0)] == "82.5"
    # No mark for a missing value.
    assert (0, 1) not in found


def test_a_mark_tells_its_value_on_hover():
    root = parse(_chart("bar"))
    titles = [
        el.find(f"{SVG}title").text
        for el in root.iter(f"{SVG}rect")
        if el.get("data-value")
    ]
    assert "2024Q3 · 杭州市: 80.0%" in titles


def test_the_csv_is_the_table():
    chart = _chart()
    rows = list(csv.reader(io.StringIO(chart.csv())))
    assert rows[0] == ["Quarter", "杭州市（%）", "Average（%）"]
    assert rows[1:] == chart.rows
    assert rows[2] == ["2024Q4", "", "90.0"]


def test_no_inline_style_or_script():
    text = str(_chart().svg())
    assert "style=" not in text
    assert "<script" not in text
    assert "<style" not in text


def test_counts_get_round_ticks_above_the_largest_value():
    chart = _chart(
        "bar",
        measure=measures.PERMITS,
        series=(Series("Permits", (3, 17, 0)), Series("Penalties", (1, 2, 4))),
    )
    root = parse(chart)
    ticks = [
        float(el.text)
        for el in root.iter(f"{SVG}text")
        if el.get("class") == "tick" and re.fullmatch(r"[\d.]+", el.text)
    ]
    assert max(ticks) >= 17
    assert chart.rows[1] == ["2024Q4", "17", "2"]
    assert marks(root)[(0, 2)] == "0"


def test_an_empty_chart_says_so():
    chart = _chart(series=(Series("杭州市", (None, None, None)),))
    root = parse(chart)
    assert not marks(root)
    assert not chart.has_values
    assert any(el.get("class") == "no-figures" for el in root.iter(f"{SVG}text"))


def test_the_description_sums_each_series_up():
    summary = _chart().summary()
    assert "杭州市" in summary
    assert "80.0%" in summary and "100.0%" in summary


def test_the_lying_bar_chart_writes_each_value():
    chart = _chart("hbar", series=(Series("On time", (0.5, 1.0, None)),))
    root = parse(chart)
    values = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "value"]
    assert values == ["50.0", "100.0"]


def test_the_csv_quotes_names_a_spreadsheet_would_run_and_keeps_numbers():
    chart = _chart(
        categories=('=HYPERLINK("http://evil.example")', "@SUM(A1)", "2025Q1"),
        series=(Series("-2+3", (-0.5, None, 1.0)), Series("杭州市", (0.1, 0.2, 0.3))),
    )
    rows = list(csv.reader(io.StringIO(chart.csv())))
    assert rows[0] == ["Quarter", "'-2+3（%）", "杭州市（%）"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example")',
        "'@SUM(A1)",
        "2025Q1",
    ]
    # A negative figure is a number: never quoted.
    assert rows[1][1] == "-50.0"
    # The page's table shows the names as they are.
    assert chart.rows[0][0] == '=HYPERLINK("http://evil.example")'
