"""An issue imported from the command line shows on the reader pages at once, not when the page
cache expires: in the same process, and from another process (a shell beside `make run`)."""

from django.test import Client

from tests.formats.bulletins import bulletin, run_import
from tests.reader.test_cache_across_processes import environment, reader_process, run

FULL = bulletin("full-masthead.txt")
LINK = 'href="/issues/2019/5/"'


def test_it_shows_an_imported_issue_on_the_cached_archive_at_once(db, django_assert_num_queries):
    client = Client()
    assert LINK not in client.get("/issues/").content.decode()
    with django_assert_num_queries(0):
        client.get("/issues/")  # served from the page cache

    run_import(FULL)

    assert LINK in client.get("/issues/").content.decode()


def test_an_import_from_the_command_line_renews_the_pages_of_the_development_server(tmp_path):
    """The development settings (DEBUG=1, no CACHE_URL): the server's process has /issues/ cached,
    `manage.py import_bulletin` runs in another process, the server shows the issue at once."""
    env = {**environment(tmp_path), "DEBUG": "1"}
    run(["migrate", "--noinput", "-v", "0"], env)
    with reader_process(env) as get:
        assert LINK not in get("/issues/")["body"]
        run(["import_bulletin", str(FULL), "--no-progress"], env)
        assert LINK in get("/issues/")["body"]
        assert get("/issues/2019/5/")["status"] == 200
