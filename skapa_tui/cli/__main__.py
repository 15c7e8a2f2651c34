"""``python -m skapa_tui.cli``: the same as the ``skapa`` command."""

import sys

from . import main

sys.exit(main())
