"""The desktop app (PySide6). Thin: widgets and item models that call the core and hold no rules."""

import sys as _sys

if _sys.version_info < (3, 12):
    # PySide6/shiboken6 6.12.0 drop one reference to None on every call of a Qt method that returns nothing
    # (setText, QPainter.save, fillRect…). On Python 3.11 None is an ordinary refcounted object, so after a few
    # thousand such calls — a minute of hovering over a big panel view — its count reaches zero and the
    # interpreter aborts ("Fatal Python error: none_dealloc"). Python 3.12 made None immortal (PEP 683); this
    # gives it the same guarantee here by adding references it can never lose. Remove when the binding is fixed.
    # tests/test_ui_panel.py::test_repainting_the_panel_view_many_times_does_not_abort_the_app pins it.
    import ctypes as _ctypes

    _ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
