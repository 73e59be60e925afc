"""Where uploaded import files are kept: private, never served."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Return the storage for uploads that no URL may serve."""
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT, base_url=None)
