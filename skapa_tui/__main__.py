"""``python -m skapa_tui``: the same as the ``skapa`` command."""

import sys

from .cli import main

sys.exit(main())
