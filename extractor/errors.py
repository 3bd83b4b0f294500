"""The error every input problem raises, shared by the modules that read inputs."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """An input that cannot be processed; ``str(e)`` names the file (or URL), problem and fix."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {problem}")
