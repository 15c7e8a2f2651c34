"""Developer tools that are not part of skapa itself (``make soak``)."""
