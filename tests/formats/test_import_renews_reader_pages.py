"""An issue imported from the command line shows on the reader pages at once, not when the page
cache expires: in the same process, and from another process (a shell beside `make run`)."""

import json
import subprocess
import sys

from django.test import Client

from tests.formats.bulletins import bulletin, run_import
from tests.reader.test_cache_across_processes import PRELUDE, ROOT, environment, run

FULL = bulletin("full-masthead.txt")
LINK = 'href="/issues/2019/5/"'


def test_it_shows_an_imported_issue_on_the_cached_archive_at_once(db, django_assert_num_queries):
    client = Client()
    assert LINK not in client.get("/issues/").content.decode()
    with django_assert_num_queries(0):
        client.get("/issues/")  # served from the page cache

    run_import(FULL)

    assert LINK in client.get("/issues/").content.decode()


READER = (
    PRELUDE
    + """
import json, sys
from django.test import Client
client = Client()
for line in sys.stdin:
    response = client.get(line.strip())
    print(json.dumps({"status": response.status_code, "body": response.content.decode()}), flush=True)
"""
)


def test_an_import_from_the_command_line_renews_the_pages_of_the_development_server(tmp_path):
    """The development settings (DEBUG=1, no CACHE_URL): the server's process has /issues/ cached,
    `manage.py import_bulletin` runs in another process, the server shows the issue at once."""
    env = {**environment(tmp_path), "DEBUG": "1"}
    run(["migrate", "--noinput", "-v", "0"], env)
    server = subprocess.Popen(
        [sys.executable, "-c", READER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def get(path):
            server.stdin.write(path + "\n")
            server.stdin.flush()
            line = server.stdout.readline()
            assert line, server.stderr.read()[-3000:]
            return json.loads(line)

        assert LINK not in get("/issues/")["body"]
        run(["import_bulletin", str(FULL), "--no-progress"], env)
        assert LINK in get("/issues/")["body"]
        assert get("/issues/2019/5/")["status"] == 200
    finally:
        server.stdin.close()
        server.wait(timeout=30)
