"""Regional interpreter bank."""

import os
import zoneinfo

# Piccolo finds its engine and apps through this module; set before any query runs.
os.environ.setdefault("PICCOLO_CONF", "interpreters.piccolo_conf")

# Time zone rules come from the pinned `tzdata` package only, never from the machine's own
# files, so that every server converts the same wall-clock time to the same instant.
zoneinfo.reset_tzpath(to=[])
