"""The domain: indicators, flows, sessions. Imports neither textual nor rich."""
