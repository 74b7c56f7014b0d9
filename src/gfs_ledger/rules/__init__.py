"""The catalog of rules across tables (``catalog``) and its evaluator (``evaluate``)."""
