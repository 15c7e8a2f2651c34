"""Tools that the ``skapa`` command runs beside the apps, below the UI.

- `demo`: the demo data folder (``skapa demo``), a year of made-up work
  written through the storage like a supervisor's typing-in from paper.

Nothing here imports textual or rich, and only the command line imports
this package (``tests/unit/test_layers.py``). The developers' own tools
(``make soak``) are elsewhere: the ``tools`` folder at the repository's
top, not part of skapa.
"""
