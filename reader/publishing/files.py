"""The files under ``STATIC_PAGES_ROOT``: atomic writes with pre-compressed variants, removals, and
a probe telling whether the directory can take them.

A page is replaced by writing a temporary file in the same directory and renaming it over the old one
(``os.replace`` is atomic on one file system), so a reader — nginx included — opens either the old
file or the new one, never a partial one. The ``.gz`` (and ``.br`` when the ``brotli`` package is
installed) variants are written before the page and removed after it: nginx only looks for them once
the page itself exists (``try_files`` then ``gzip_static``).
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import shutil
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

try:
    import brotli
except ImportError:  # optional: without it only .gz variants are written
    brotli = None

# Types worth compressing (the exports .pdf and .docx are compressed already).
COMPRESSIBLE = (".html", ".atom", ".txt", ".xml")
VARIANTS = (".gz", ".br")
FILE_MODE = 0o644  # nginx runs as another user: pages are world-readable, like the site itself
TEMP_PREFIX = ".tmp-"


class PagesDirectoryError(OSError):
    """The directory cannot take the pages (missing, not writable, full)."""


def compressed_variants(name: str, data: bytes) -> dict[str, bytes]:
    if not name.endswith(COMPRESSIBLE):
        return {}
    # mtime=0: the same page always compresses to the same bytes.
    variants = {".gz": gzip.compress(data, compresslevel=9, mtime=0)}
    if brotli is not None:
        variants[".br"] = brotli.compress(data, quality=11)
    return variants


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX + path.name + ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_page(path: Path, data: bytes) -> None:
    """Replace ``path`` (and its compressed variants) with ``data``, atomically for each file."""
    variants = compressed_variants(path.name, data)
    for suffix, compressed in variants.items():
        _atomic_write(path.with_name(path.name + suffix), compressed)
    _atomic_write(path, data)
    for suffix in VARIANTS:
        if suffix not in variants:
            _unlink(path.with_name(path.name + suffix))


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def remove_page(path: Path) -> bool:
    """Remove the page first (nginx stops serving it at once), then its variants and any directory
    left empty up to the root's first level. True when a page was there."""
    removed = _unlink(path)
    for suffix in VARIANTS:
        _unlink(path.with_name(path.name + suffix))
    return removed


def prune_empty_dirs(path: Path, root: Path) -> None:
    """Remove ``path`` and its parents while they are empty, stopping below ``root``'s children."""
    root = root.resolve()
    current = path.resolve()
    while current != root and current.parent != root:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def probe(root: Path, *, min_free_mb: int, for_removal: bool = False) -> str | None:
    """Why ``root`` cannot take the pages now (a translated sentence), or None.

    The directory is created when missing; a small file is written and removed to prove it is
    writable and not full (an actual write is the only reliable test, as root ignores modes)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _("The static pages directory %(path)s cannot be created: %(error)s") % {
            "path": root,
            "error": error.strerror or error,
        }
    if not root.is_dir():
        return _("The static pages directory %(path)s is not a directory.") % {"path": root}
    try:
        descriptor, temporary = tempfile.mkstemp(dir=root, prefix=TEMP_PREFIX + "probe.")
        try:
            if not for_removal:
                os.write(descriptor, b"x" * 4096)
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
            os.unlink(temporary)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            return _("The static pages directory %(path)s is full (no space left on the device).") % {
                "path": root
            }
        return _("The static pages directory %(path)s is not writable: %(error)s") % {
            "path": root,
            "error": error.strerror or error,
        }
    if for_removal:
        return None
    free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    if free_mb < min_free_mb:
        return _(
            "The static pages directory %(path)s has only %(free)s MB free (at least %(needed)s MB needed)."
        ) % {
            "path": root,
            "free": free_mb,
            "needed": min_free_mb,
        }
    return None
