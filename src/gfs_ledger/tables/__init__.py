"""Table layouts as data (``registry``) and the readers of disclosure text (``reader``)."""
