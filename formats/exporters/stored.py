"""Generated downloads kept per issue version: a hundred leaders downloading at once cost one render.

The version is a digest of everything the file prints — masthead, sections, every article's title,
body and attribution, the footer lines — plus the code that prints it. Any change makes a new
digest, hence a new file; an unchanged issue is served from storage. A short lock in the cache
makes concurrent first requests wait for the one render instead of starting their own.
"""

import hashlib
import json
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bulletin.document import issue_document

logger = logging.getLogger(__name__)

FOLDER = "exports"
LOCK_SECONDS = 120
WAIT_SECONDS = 60


def _code_digest() -> str:
    """The exporters and their templates: a deploy that changes how files look renders them anew."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for pattern in ("formats/exporters/*.py", "bulletin/document.py", "templates/formats/*.html"):
        for path in sorted(base.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_DIGEST = _code_digest()


def issue_version(issue) -> str:
    """A digest of what the issue's files print (a handful of queries, no rendering)."""
    doc = issue_document(issue)
    issue = doc.issue
    data = {
        "publication": [doc.publication.title, doc.publication.editing_unit],
        "issue": [
            issue.year,
            issue.number,
            issue.total_number,
            str(issue.issue_date),
            issue.status,
            issue.copies,
        ],
        "sections": [
            [block.section.name, block.section.layout]
            + [[a.pk, a.title, a.byline, hashlib.sha256(a.body.encode()).hexdigest()] for a in block.articles]
            for block in doc.sections
        ],
        "lines": doc.lines,
        "code": CODE_DIGEST,
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:20]


def stored_name(issue, export_format, version: str) -> str:
    return f"{FOLDER}/{issue.publication.slug}-{issue.year}-{issue.number:02d}-{version}.{export_format.name}"


def render_stored(issue, export_format) -> tuple[bytes, str]:
    """The file's bytes and its version, rendering it only when this version has not been made yet.
    Raises whatever the renderer raises (``ExportError``) when it cannot make the file."""
    version = issue_version(issue)
    name = stored_name(issue, export_format, version)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read(), version
    lock = f"export-lock:{name}"
    if not cache.add(lock, 1, LOCK_SECONDS):
        # Somebody else is rendering this very version: wait for their file rather than render again.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    return handle.read(), version
        logger.warning("Waited %s s for %s; rendering it here", WAIT_SECONDS, name)
    try:
        if default_storage.exists(name):  # made while we were taking the lock
            with default_storage.open(name, "rb") as handle:
                return handle.read(), version
        content = export_format.render(issue=issue)
        if not default_storage.exists(name):
            _save_whole(name, content)
    finally:
        cache.delete(lock)
    return content, version


def _save_whole(name: str, content: bytes) -> None:
    """Make the file appear complete or not at all (a reader must never get half a PDF)."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:  # object storage: an upload is atomic by itself
        default_storage.save(name, ContentFile(content))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)
