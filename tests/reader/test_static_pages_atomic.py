"""Atomic replacement: a reader opening a page while it is rewritten gets the old or the new page,
never a partial one."""

import contextlib
import threading

from reader.publishing import files


def test_a_reader_during_rewrites_sees_the_old_or_the_new_page_never_a_partial_one(tmp_path):
    page = tmp_path / "issues" / "2026" / "1" / "index.html"
    old = ("<html>" + "旧" * 400_000 + "</html>").encode()
    new = ("<html>" + "新" * 500_000 + "</html>").encode()
    files.write_page(page, old)
    seen, bad, stop = {old: 0, new: 0}, [], threading.Event()

    def hammer():
        while not stop.is_set():
            data = page.read_bytes()
            if data in seen:
                seen[data] += 1
            else:
                bad.append(len(data))

    readers = [threading.Thread(target=hammer) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for round_ in range(60):
            files.write_page(page, new if round_ % 2 == 0 else old)
    finally:
        stop.set()
        for reader in readers:
            reader.join()

    assert bad == []
    assert seen[old] and seen[new]  # the readers really saw both versions
    assert page.read_bytes() == old


def test_a_failed_write_leaves_the_old_page_and_no_temporary_file(tmp_path, monkeypatch):
    page = tmp_path / "index.html"
    files.write_page(page, b"<html>old</html>")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    with contextlib.suppress(OSError):
        files.write_page(page, b"<html>new</html>")

    monkeypatch.undo()
    assert page.read_bytes() == b"<html>old</html>"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []
