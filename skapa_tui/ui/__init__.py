"""The Textual user interface: the app, one screen per file, reusable widgets."""
