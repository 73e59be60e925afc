"""Private files: one `private` storage, followed by fields and services alike."""

from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from portal.appeals.models import Evidence
from portal.core import storage_settings
from portal.core.storage import PrivateFileSystemStorage, private_storage
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports
from tests.factories import make_authority
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, make_official, penalty_row

PRIVATE_FIELDS = [ImportBatch, Evidence]


def _field_storage(model):
    return model._meta.get_field("file").storage


@pytest.mark.parametrize("model", PRIVATE_FIELDS)
def test_a_file_field_writes_into_the_tests_private_folder(model, settings, tmp_path):
    # The fields were made when the models were imported, before this test
    # moved the folder (import files used to land in var/private).
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    storage = _field_storage(model)
    name = storage.save("probe/file.txt", ContentFile(b"x"))
    assert (tmp_path / "private" / name).read_bytes() == b"x"


@pytest.mark.django_db
def test_an_uploaded_import_lands_in_the_tests_private_folder(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    authority = make_authority()
    official = make_official(authority=authority)
    content = csv_bytes("penalty", [penalty_row(authority)])
    batch = imports.create_import(
        official=official, kind="penalty", upload=upload("p.csv", content)
    )
    assert Path(batch.file.path).is_relative_to(tmp_path / "private")
    assert Path(batch.file.path).read_bytes() == content


@pytest.mark.parametrize("model", PRIVATE_FIELDS)
def test_an_override_of_storages_is_honoured(model, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "elsewhere"},
        },
    }
    name = _field_storage(model).save("probe/file.txt", ContentFile(b"x"))
    assert (tmp_path / "elsewhere" / name).read_bytes() == b"x"
    assert private_storage().exists(name)


def test_the_alias_is_the_one_storage_of_private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    backend = storages["private"]
    assert isinstance(backend, PrivateFileSystemStorage)
    name = backend.save("probe/file.txt", ContentFile(b"x"))
    for model in PRIVATE_FIELDS:
        with _field_storage(model).open(name) as stream:
            assert stream.read() == b"x"


@pytest.mark.parametrize(
    "storage",
    [
        pytest.param(lambda: storages["private"], id="alias"),
        pytest.param(private_storage, id="accessor"),
        pytest.param(lambda: _field_storage(ImportBatch), id="field"),
    ],
)
def test_private_files_have_no_address(storage, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    with pytest.raises(ValueError, match="no public address"):
        storage().url("appeals/2026/01/file.pdf")


def test_no_address_even_if_the_backend_would_give_one(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": "/media/"},
        },
    }
    with pytest.raises(ValueError, match="no public address"):
        _field_storage(Evidence).url("file.pdf")


@pytest.mark.parametrize("model", PRIVATE_FIELDS)
def test_migrations_name_the_callable_not_a_backend(model):
    _name, _path, _args, kwargs = model._meta.get_field("file").deconstruct()
    assert kwargs["storage"] is private_storage


def test_by_default_private_files_are_in_a_local_folder(monkeypatch):
    monkeypatch.delenv("PRIVATE_FILES_S3_BUCKET", raising=False)
    setting = storage_settings.private_storage_setting(environ.Env())
    # No location: PRIVATE_FILES_ROOT, read when used.
    assert setting == {"BACKEND": "portal.core.storage.PrivateFileSystemStorage"}


def test_a_bucket_puts_private_files_on_s3_never_public(monkeypatch):
    monkeypatch.setenv("PRIVATE_FILES_S3_BUCKET", "portal-private")
    monkeypatch.setenv("PRIVATE_FILES_S3_REGION", "cn-north-1")
    monkeypatch.setenv("PRIVATE_FILES_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("PRIVATE_FILES_S3_PREFIX", "portal")
    setting = storage_settings.private_storage_setting(environ.Env())
    assert setting == {
        "BACKEND": "portal.core.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "portal-private",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": "portal",
            "region_name": "cn-north-1",
            "endpoint_url": "https://s3.example.org",
        },
    }


def test_a_bucket_without_django_storages_is_refused_at_start_up(monkeypatch):
    monkeypatch.setenv("PRIVATE_FILES_S3_BUCKET", "portal-private")
    monkeypatch.setattr(
        storage_settings,
        "find_spec",
        lambda name: None if name == "storages" else object(),
    )
    with pytest.raises(ImproperlyConfigured, match=r"credit-portal\[s3\]"):
        storage_settings.private_storage_setting(environ.Env())
