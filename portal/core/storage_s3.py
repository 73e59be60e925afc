"""Private files in an S3 bucket (django-storages, the optional `s3` extra).

Imported only when STORAGES["private"] names it (PRIVATE_FILES_S3_BUCKET is
set), so that the portal installs and runs without boto3.
"""

from storages.backends.s3 import S3Storage

from portal.core.storage import NoAddress


class PrivateS3Storage(NoAddress, S3Storage):
    """S3Storage that never gives an address, not even a signed one."""
