"""One export-row definition per dataset, shared by the API, downloads and bulk files.

Every public surface that writes rows (API items, CSV / JSON Lines / XLSX
downloads, snapshot and delta files) reads these columns, so the columns and
the masking are the same everywhere. Personal data appears exactly as the pages
show it: a natural person's name with the given name hidden, ID numbers masked,
never the numbers themselves.
"""

from portal.opendata.computed import PageUrl, page_url
from portal.opendata.datasets.base import SCHEMA_VERSION, Dataset
from portal.opendata.datasets.creditlists import LIST_ENTRIES, LISTS, MEASURES
from portal.opendata.datasets.disclosures import PENALTIES, PERMITS
from portal.opendata.datasets.inspections import INSPECTION_PLANS, INSPECTION_RESULTS
from portal.opendata.datasets.registry import AUTHORITIES, ENTITIES, REGIONS
from portal.opendata.shared_columns import authority_columns, id_column

__all__ = [
    "AUTHORITIES",
    "DATASETS",
    "ENTITIES",
    "INSPECTION_PLANS",
    "INSPECTION_RESULTS",
    "LISTS",
    "LIST_ENTRIES",
    "MEASURES",
    "PENALTIES",
    "PERMITS",
    "REGIONS",
    "SCHEMA_VERSION",
    "Dataset",
    "PageUrl",
    "authority_columns",
    "get",
    "id_column",
    "page_url",
]

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        ENTITIES,
        PERMITS,
        PENALTIES,
        LISTS,
        LIST_ENTRIES,
        MEASURES,
        INSPECTION_PLANS,
        INSPECTION_RESULTS,
        AUTHORITIES,
        REGIONS,
    )
}


def get(name: str) -> Dataset:
    return DATASETS[name]
