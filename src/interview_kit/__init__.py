"""interview-kit: structured behavioral interviews for health IT, scored offline."""

__version__ = "0.1.0"
