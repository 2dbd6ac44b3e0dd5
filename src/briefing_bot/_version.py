"""The package version, in one place: ``config`` and the package root both read it here
(pyproject.toml takes it from this file too)."""

__version__ = "0.1.0"
