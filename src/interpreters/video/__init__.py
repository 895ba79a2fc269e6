"""Video sessions: rooms, lobby, signaling, the aiortc media hub and recordings.

For other packages: `host_link` and `interpreter_link` give the join links that invitations
carry (`with_join_links` adds them to a session's participants); `revoke_interpreters`
voids those of interpreters taken off a session.

Floor: above calendar (its participants), below notifications (whose invitations carry
the links) and bookings.
"""

from interpreters.video.links import (
    host_link,
    interpreter_link,
    revoke_interpreters,
    with_join_links,
)

__all__ = ["host_link", "interpreter_link", "revoke_interpreters", "with_join_links"]
