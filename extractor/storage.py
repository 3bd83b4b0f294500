"""Where inputs are read from: local paths, or URLs of any file system fsspec serves.

``s3://bucket/news/``, ``gs://...``, ``https://...``, ``file:///data/news/``: a URL input is
listed and read through fsspec (installed with the ``dask`` extra; cloud file systems need
their own fsspec package, such as s3fs), so that the workers of a cluster read the same
inputs without shared disks. Failures raise ``InputError`` naming the URL.
"""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath

from .errors import InputError


class UrlPath(str):
    """A URL that answers what is asked of a file path: ``name``, ``suffix``, ``stem``."""

    @property
    def name(self) -> str:
        return posixpath.basename(self.rstrip("/"))

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and "://" in location


def _file_system(url: str):
    try:
        import fsspec
    except ImportError:
        raise InputError(url, "reading URLs needs fsspec: pip install fsspec (or the 'dask' extra)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as err:
        raise InputError(url, f"cannot open this kind of URL ({err})") from None


def read_bytes(url: str) -> bytes:
    file_system, path = _file_system(url)
    try:
        return file_system.cat_file(path)
    except FileNotFoundError:
        raise InputError(url, "file not found at this URL") from None
    except OSError as err:
        raise InputError(url, f"cannot be read ({err})") from None


def is_file(url: str) -> bool:
    file_system, path = _file_system(url)
    try:
        return file_system.isfile(path)
    except OSError:
        return False


def is_dir(url: str) -> bool:
    file_system, path = _file_system(url)
    try:
        return file_system.isdir(path)
    except OSError:
        return False


def size(url: str) -> int:
    file_system, path = _file_system(url)
    return file_system.size(path)


def walk(url: str) -> list[str]:
    """Every file under a folder URL, as URLs, sorted; hidden files and folders left out."""
    file_system, root = _file_system(url)
    found = []
    for path in file_system.find(root):
        relative = posixpath.relpath(path, root)
        if not any(part.startswith(".") for part in relative.split("/")):
            found.append(UrlPath(file_system.unstrip_protocol(path)))
    return sorted(found)


def name(location: str | Path) -> str:
    """The file name of a path or URL."""
    return posixpath.basename(str(location).rstrip("/")) if is_url(location) else Path(location).name


def sibling(location: str | Path, file_name: str) -> str | Path:
    """The path or URL of ``file_name`` in the same folder as ``location``."""
    if is_url(location):
        return UrlPath(str(location).rsplit("/", 1)[0] + "/" + file_name)
    return Path(location).with_name(file_name)
