"""The dialog engine: state machines built from flows. Imports neither textual nor rich."""

from .dialog import DONE, INTRO, REVIEW, Dialog, machine_spec, mermaid_diagram

__all__ = ["DONE", "INTRO", "REVIEW", "Dialog", "machine_spec", "mermaid_diagram"]
