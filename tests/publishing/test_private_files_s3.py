"""Private files in an S3 bucket: an import checked and published from it.

S3 is moto's, in this process: the only thing mocked is what would leave the
machine.
"""

import boto3
import environ
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto import mock_aws

from portal.appeals.models import Evidence
from portal.core.storage_settings import private_storage_setting
from portal.disclosures.models import Penalty
from portal.publishing.choices import ImportMode, ImportStatus
from portal.publishing.services import imports
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

BUCKET = "portal-private"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    """STORAGES["private"] as PRIVATE_FILES_S3_BUCKET makes it, on moto's S3."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "PRIVATE_FILES_S3_BUCKET": BUCKET,
        "PRIVATE_FILES_S3_REGION": "cn-north-1",
        "PRIVATE_FILES_S3_PREFIX": "portal",
    }.items():
        monkeypatch.setenv(name, value)
    # No file may fall back to the folder.
    settings.PRIVATE_FILES_ROOT = tmp_path / "not-used"
    with mock_aws():
        client = boto3.client("s3", region_name="cn-north-1")
        client.create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": "cn-north-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "private": private_storage_setting(environ.Env()),
        }
        yield client


def _keys(client) -> set[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}


@pytest.mark.django_db
def test_an_import_is_checked_and_published_from_the_bucket(
    bucket, official, authority, tmp_path
):
    rows = [penalty_row(authority), penalty_row(authority, CF_XDR_MC="杭州镕铖贸易")]
    batch = imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", csv_bytes("penalty", rows)),
    )
    assert f"portal/{batch.file.name}" in _keys(bucket)

    batch = imports.check_import(batch=batch)
    assert batch.status == ImportStatus.VALIDATED
    # The plans a worker on another host publishes from are in the bucket too.
    plans = f"portal/plans/{authority.pk}/{batch.pk}.jsonl"
    assert plans in _keys(bucket)

    batch = imports.start_publish(
        batch=batch, official=official, mode=ImportMode.ALL_OR_NOTHING
    )
    imports.publish_import(batch=batch)
    assert Penalty.objects.filter(authority=authority).count() == 2
    assert plans not in _keys(bucket)
    # Only the leases' lock files (SQLite, one machine) stay in the folder.
    folder = tmp_path / "not-used"
    left = {p.name for p in folder.iterdir()} if folder.exists() else set()
    assert left <= {"leases"}


def test_files_in_the_bucket_are_private_and_have_no_address(bucket):
    storage = Evidence._meta.get_field("file").storage
    name = storage.save("appeals/2026/01/file.pdf", ContentFile(b"%PDF-1.4"))
    assert type(storages["private"]).__name__ == "PrivateS3Storage"

    grants = bucket.get_object_acl(Bucket=BUCKET, Key=f"portal/{name}")["Grants"]
    assert [g for g in grants if g["Grantee"].get("URI") == ALL_USERS] == []
    with pytest.raises(ValueError, match="no public address"):
        storage.url(name)
    with pytest.raises(ValueError, match="no public address"):
        storages["private"].url(name)


def test_a_name_taken_in_the_bucket_gets_another(bucket):
    # As in the folder: a second file never overwrites the first.
    storage = storages["private"]
    first = storage.save("appeals/a.pdf", ContentFile(b"1"))
    second = storage.save("appeals/a.pdf", ContentFile(b"2"))
    assert first != second
    with storage.open(first) as stream:
        assert stream.read() == b"1"
