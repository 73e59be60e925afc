"""What the admin tells other apps, so that no domain app imports them.

`admin_saved` is sent after a ChangeAnnouncingAdmin saved an object, with
`instance`. `admin_deleting` is sent before it deletes objects, with
`instances`: a receiver looks at them while they still exist and returns a
callable (or None) that the admin calls once they are gone. Search keeps its
index true this way (portal/search/admin.py).
"""

from django.dispatch import Signal

admin_saved = Signal()
admin_deleting = Signal()
