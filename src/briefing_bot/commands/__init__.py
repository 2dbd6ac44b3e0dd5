"""Sub-commands beyond ``index`` and ``ask``, one module each.

Each module defines ``register(sub, common, command)``: it adds its sub-parser to ``sub``
(with ``parents=[common]`` for the shared --corpus/--index/--chroma-url flags) and decorates
its handler with ``@command(NAME)``. Keep module-level imports light: the whole CLI imports
every module here to build its parser.
"""

import importlib
import pkgutil
from typing import Any


def add_commands(sub: Any, common: Any, command: Any) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub, common, command)
