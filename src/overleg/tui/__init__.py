"""The terminal screens of overleg. Nothing outside this package imports Textual."""
