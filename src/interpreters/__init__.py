"""Regional interpreter bank."""

import os

# Piccolo finds its engine and apps through this module; set before any query runs.
os.environ.setdefault("PICCOLO_CONF", "interpreters.piccolo_conf")
