"""What submitting and handling share: evidence files and the case's log."""

import contextlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.appeals import evidence
from portal.appeals.models import Appeal, AppealEvent, Evidence
from portal.core.models import ChangeLogEntry
from portal.core.storage import private_storage
from portal.publishing.services import audit


@dataclass(frozen=True)
class Upload:
    """A file the applicant sent, and what they said it is."""

    role: str
    file: object  # an UploadedFile, or any django File


@dataclass(frozen=True)
class _Checked:
    upload: Upload
    inspected: evidence.Inspected


def check_uploads(uploads: list[Upload], *, field: str = "evidence") -> list[_Checked]:
    """Inspect every file; raise one ValidationError naming each refused file."""
    if len(uploads) > settings.APPEALS_MAX_FILES:
        raise ValidationError(
            {
                field: _("Send at most %(count)d files at a time.")
                % {"count": settings.APPEALS_MAX_FILES}
            }
        )
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(_Checked(upload, evidence.inspect(upload.file)))
        except ValidationError as error:
            problems.append(error)
    if problems:
        raise ValidationError({field: problems})
    return checked


def store_files(checked: list[_Checked], *, now) -> list[tuple[_Checked, str]]:
    """Write the files to private storage; return each with its stored name."""
    storage = private_storage()
    stored = []
    try:
        for item in checked:
            name = f"appeals/{now:%Y/%m}/{item.inspected.stored_name()}"
            stored.append((item, storage.save(name, item.upload.file)))
    except BaseException:
        discard_files([name for _item, name in stored])
        raise
    return stored


def discard_files(names: list[str]) -> None:
    """Delete stored files whose case was never written (or was a duplicate)."""
    storage = private_storage()
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def evidence_rows(appeal: Appeal, event: AppealEvent, stored, *, now) -> list:
    return [
        Evidence(
            appeal=appeal,
            event=event,
            role=item.upload.role,
            file=name,
            stored_name=os.path.basename(name),
            original_name=evidence.display_name(getattr(item.upload.file, "name", "")),
            content_type=item.inspected.content_type,
            size=item.inspected.size,
            sha256=item.inspected.sha256,
            uploaded_at=now,
        )
        for item, name in stored
    ]


def log(appeal: Appeal, *, action: str, old: str | None, actor=None, reason=""):
    """Record the step in the append-only change log (no applicant data)."""
    audit.write(
        [
            audit.entry(
                appeal,
                action=action,
                actor=actor,
                actor_label="" if actor else "applicant",
                changes={"status": [old, appeal.status]},
                reason=reason,
                source=appeal.number,
            )
        ]
    )


Action = ChangeLogEntry.Action
