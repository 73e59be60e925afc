"""The catalogue, the data dictionary, the Table Schemas and the licence."""

import csv
import gzip
import io

import pytest

from portal.disclosures.choices import PenaltyCategory, Severity
from portal.opendata.columns import TYPES
from portal.opendata.datasets import DATASETS, SCHEMA_VERSION
from portal.opendata.models import ExportFile
from portal.opendata.services import build_exports
from tests.factories import make_penalty

pytestmark = pytest.mark.django_db


def test_catalogue_before_and_after_a_build(client):
    html = client.get("/en/open-data/").content.decode()
    assert "No files have been built yet" in html
    make_penalty()
    build_exports()
    build_exports()
    html = client.get("/en/open-data/").content.decode()
    for export in ExportFile.objects.exclude(kind="state"):
        assert export.get_absolute_url() in html
    for name in DATASETS:
        assert f"/open-data/schemas/{name}.json" in html
    assert "/open-data/manifest.json" in html and "/api/docs/" in html


def test_dictionary_lists_every_field_with_types_and_values(client):
    html = client.get("/open-data/dictionary/").content.decode()
    for dataset in DATASETS.values():
        assert f'id="dataset-{dataset.name}"' in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html, (dataset.name, column.name)
    assert "<code>serious</code> 严重" in html
    assert "处罚决定日期" in html or "处罚" in html
    english = client.get("/en/open-data/dictionary/").content.decode()
    assert "<code>serious</code> Serious" in english


@pytest.mark.parametrize("name", list(DATASETS))
def test_table_schema_describes_every_column(client, name):
    schema = client.get(f"/open-data/schemas/{name}.json").json()
    dataset = DATASETS[name]
    assert schema["name"] == name and schema["version"] == SCHEMA_VERSION
    assert [field["name"] for field in schema["fields"]] == dataset.column_names
    assert schema["primaryKey"] == ["id"]
    for field in schema["fields"]:
        assert field["type"] in TYPES
        assert field["title"]
        if field["type"] == "list":
            assert field["delimiter"] == ";"


def test_table_schema_takes_types_and_enumerations_from_the_models(client):
    fields = {
        f["name"]: f
        for f in client.get("/open-data/schemas/penalties.json").json()["fields"]
    }
    assert fields["decided_on"]["type"] == "date"
    assert fields["fine_amount"]["type"] == "number"
    assert fields["published_at"]["type"] == "datetime"
    assert fields["version"]["type"] == "integer"
    assert fields["severity"]["constraints"]["enum"] == list(Severity.values)
    assert fields["decided_on"]["constraints"]["required"] is True
    assert [c["value"] for c in fields["categories"]["categories"]] == list(
        PenaltyCategory.values
    )
    assert "万元 (10,000 CNY)" in fields["fine_amount"]["description"]
    assert fields["fine_amount"]["unit"] == "万元 (10,000 CNY)"


def test_the_snapshot_header_is_the_schema(client):
    make_penalty()
    build_exports()
    export = ExportFile.objects.get(
        dataset="penalties", format="csv.gz", kind="snapshot"
    )
    body = b"".join(client.get(export.get_absolute_url()).streaming_content)
    header = next(csv.reader(io.StringIO(gzip.decompress(body).decode("utf-8-sig"))))
    schema = client.get("/open-data/schemas/penalties.json").json()
    assert header == [field["name"] for field in schema["fields"]]


def test_licence_and_unknown_schema(client):
    assert "Affero" in client.get("/en/open-data/licence/").content.decode()
    assert client.get("/open-data/schemas/nothing.json").status_code == 404


def test_footer_links_to_open_data(client):
    assert "/open-data/" in client.get("/").content.decode()


def test_open_data_pages_are_in_the_sitemap(client):
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/open-data/", "/open-data/dictionary/", "/open-data/licence/"):
        assert f"http://testserver{path}</loc>" in pages


def test_dictionary_and_schemas_say_how_csv_quotes_formulas(client):
    english = client.get("/en/open-data/dictionary/").content.decode()
    assert "single quote (&#x27;)" in english or "single quote (')" in english
    assert "JSON Lines and the API give every text as stored" in english
    assert client.get("/open-data/dictionary/").status_code == 200
    for name in DATASETS:
        schema = client.get(f"/en/open-data/schemas/{name}.json").json()
        assert schema["description"].startswith(str(DATASETS[name].description))
        assert "single quote (')" in schema["description"]
