"""The desktop app (PySide6). Thin: widgets and item models that call the core and hold no rules."""
