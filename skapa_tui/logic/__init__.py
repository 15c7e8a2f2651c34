"""The application logic: what a person does with skapa, without a screen.

One layer between the UI (``skapa_tui.ui``, Textual) and the dialog engine,
the domain and the storage. Each module here holds one thing a person does
and its rules, driven by whichever app shows it: a visit (a participant's
open reading, answered one question at a time, saved answer by answer),
and later a supervisor's caseload, a guided conversation and an action
plan. The UI shows and listens and asks this layer what to do; this layer
decides, calls the engine and the store, and reports trouble through the
callbacks it is given.

Nothing here imports textual or rich, nor ``skapa_tui.ui``
(tests/unit/test_layers.py checks), so the same logic serves the kiosk and
the supervisor's app, and tests drive it without a terminal.
"""
