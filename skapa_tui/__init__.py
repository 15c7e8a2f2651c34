"""skapa: the BIP/SKAPA progression dialogue in the terminal."""

__version__ = "0.1.0"
