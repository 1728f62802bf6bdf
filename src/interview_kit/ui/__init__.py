"""The desktop app (PySide6). Thin: widgets and item models that call the core and hold no rules."""

import sys as _sys

if _sys.version_info < (3, 12):
    # PySide6/shiboken6 6.12.0 drop one reference to None on every call of a Qt method that returns nothing
    # (setText, QPainter.save, fillRect…), and now and then one to True or False. On Python 3.11 these are
    # ordinary refcounted objects, so after a few thousand such calls — a minute of hovering over a big panel
    # view — a count reaches zero and the interpreter aborts ("Fatal Python error: none_dealloc"/"bool_dealloc").
    # Python 3.12 made them immortal (PEP 683); this gives them the same guarantee here by adding references
    # they can never lose. Remove when the binding is fixed.
    # tests/test_ui_panel.py::test_repainting_the_panel_view_many_times_does_not_abort_the_app pins it.
    import ctypes as _ctypes

    for _singleton in (None, True, False):
        _ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
    del _singleton
