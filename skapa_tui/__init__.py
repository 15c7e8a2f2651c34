"""skapa: the BIP/SKAPA progression dialogue in the terminal."""

import time

STARTED = time.perf_counter()
"""When skapa was first imported: start-up is measured from here."""

__version__ = "0.1.0"

from . import resources as _resources  # noqa: E402, F401  (names the flows in use to the domain)
