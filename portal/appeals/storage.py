"""Where evidence files are kept: `PRIVATE_FILES_ROOT`, never served by any URL.

The folder is read from the settings whenever a file is opened or written,
not once at start-up, so that the model field and the services always agree
(and a test's temporary folder is honoured by both).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_FILES_ROOT, without a base URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public address.")


_STORAGE = PrivateStorage()


def evidence_storage() -> PrivateStorage:
    return _STORAGE
