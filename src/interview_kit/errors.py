"""The one exception type a user can cause. The command line prints its message on one line and exits 1;
the app shows it in a message box. Anything else is a bug and keeps its traceback."""


class UserError(Exception):
    """Something the user can fix: a bad file, an unknown round, a workspace that cannot be opened."""


class WorkspaceError(UserError):
    """A workspace cannot be opened or changed; the message is one line meant for the user."""
