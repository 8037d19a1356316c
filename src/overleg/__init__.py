"""overleg: run a meeting so that the professionals are heard before anything is decided."""

__version__ = "0.1.0"
