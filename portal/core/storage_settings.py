"""STORAGES["private"] from the environment (read by portal/settings.py).

A local folder (PRIVATE_FILES_ROOT) unless PRIVATE_FILES_S3_BUCKET names an
S3 bucket; every variable is described in .env.example and the README.
"""

from importlib.util import find_spec

from django.core.exceptions import ImproperlyConfigured

LOCAL_BACKEND = "portal.core.storage.PrivateFileSystemStorage"
S3_BACKEND = "portal.core.storage_s3.PrivateS3Storage"


def private_storage_setting(env) -> dict:
    """Return the STORAGES entry for private files, as `env` configures it."""
    bucket = env.str("PRIVATE_FILES_S3_BUCKET", default="")
    if not bucket:
        # No location: the folder is PRIVATE_FILES_ROOT as it is when used.
        return {"BACKEND": LOCAL_BACKEND}
    # Refused at start-up rather than at the first upload.
    if find_spec("storages") is None or find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "PRIVATE_FILES_S3_BUCKET is set but django-storages[s3] is not "
            "installed: install the portal with its s3 extra "
            "(pip install 'credit-portal[s3]'), or unset the variable to keep "
            "private files in PRIVATE_FILES_ROOT."
        )
    options = {
        "bucket_name": bucket,
        # Objects readable only with the portal's credentials; were an address
        # ever made (PrivateS3Storage makes none) it would be signed.
        "default_acl": "private",
        "querystring_auth": True,
        # Like the folder: a new name rather than overwriting a file.
        "file_overwrite": False,
        "location": env.str("PRIVATE_FILES_S3_PREFIX", default=""),
    }
    region = env.str("PRIVATE_FILES_S3_REGION", default="")
    if region:
        options["region_name"] = region
    endpoint = env.str("PRIVATE_FILES_S3_ENDPOINT_URL", default="")
    if endpoint:
        options["endpoint_url"] = endpoint
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
