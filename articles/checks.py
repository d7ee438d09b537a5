"""System checks of the search set-up (issue 10)."""

from django.core.checks import Warning, register
from django.db import DatabaseError, connections


def _utf8(value: str) -> bool:
    return value.replace("-", "").replace("_", "").lower().find("utf8") >= 0


@register()
def check_postgresql_locale(app_configs=None, **kwargs):
    """pg_trgm extracts no trigrams from CJK text unless the database's LC_CTYPE is a UTF-8 locale:
    with locale C every Chinese search would come back empty. Warn, naming the database."""
    warnings = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database"
                    " WHERE datname = current_database()"
                )
                ctype, encoding = cursor.fetchone()
        except DatabaseError:
            continue  # no database to look at (yet): nothing to say
        if not (_utf8(ctype) and _utf8(encoding)):
            warnings.append(
                Warning(
                    f"PostgreSQL database {connection.settings_dict['NAME']!r} (alias {alias!r}) has "
                    f"LC_CTYPE {ctype!r} and encoding {encoding!r}: pg_trgm finds no trigrams in Chinese "
                    "text under such a locale, so article search will find nothing.",
                    hint="Create the database with a UTF-8 locale, e.g. CREATE DATABASE … ENCODING 'UTF8' "
                    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0, then migrate and run "
                    "manage.py rebuild_search_index.",
                    id="articles.W010",
                )
            )
    return warnings
