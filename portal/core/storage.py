"""Private files: the `private` storage of STORAGES, which no URL ever serves.

Uploaded import files, the plans a check keeps for publishing, and appeal
evidence are kept there. Which backend holds them is a setting
(`STORAGES["private"]`, see portal/core/storage_settings.py): a folder,
PRIVATE_FILES_ROOT, by default; an S3 bucket for several hosts.

Code and model fields reach it through `private_storage()`, never by building a
storage of their own, so that every process and host finds the same files.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty

PRIVATE = "private"


class NoAddress:
    """Refuse to name an address: private files are sent by views that check."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no public address.")


@deconstructible(path="portal.core.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(NoAddress, FileSystemStorage):
    """A folder: `location`, or else PRIVATE_FILES_ROOT as it is when used.

    Like FileSystemStorage with MEDIA_ROOT, the folder follows a change of the
    setting (a test's temporary folder) instead of keeping the one of start-up.
    """

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_FILES_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class _PrivateStorage(NoAddress, LazyObject):
    """`storages["private"]`, looked up when first used and again after a change.

    A FileField keeps the storage its callable returned when the model was
    imported; this stand-in lets it follow STORAGES instead (as
    `default_storage` does), and keeps refusing addresses whatever the backend.
    """

    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def _forget_backend(*, setting, **kwargs):
    # Django's own receiver empties `storages` on the same signal.
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_forget_backend, dispatch_uid="portal.core.storage")


def private_storage():
    """Return the private storage (also the `storage=` of private FileFields).

    A callable, so that migrations name this function rather than a backend.
    """
    return _private
