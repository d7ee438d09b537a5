"""Settings for the union bulletin CMS.

One module, configured from the environment. Development defaults are safe to run on a laptop;
production must set ``DEBUG=0`` and a ``SECRET_KEY`` (and usually ``DATABASE_URL``,
``ALLOWED_HOSTS``, ``CACHE_URL`` and the mail settings). Bad values fail loudly at start-up.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def cache_from_url(url: str) -> dict:
    """Turn ``redis://…``, ``file:///dir``, ``locmem://`` or ``dummy://`` into a CACHES entry."""
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            # Treats a lost Redis as a cache miss instead of an error (config/cache_backend.py).
            "BACKEND": "config.cache_backend.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "bulletin"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    if scheme == "file":
        # Files in one folder: shared by every process on this machine (not between machines).
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.netloc not in {"", "localhost"} or not path.startswith("/"):
            raise ImproperlyConfigured(
                f"CACHE_URL file:// needs an absolute folder (file:///…), got {url!r}."
            )
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": path,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "bulletin"),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 3000)},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": urlsplit(url).netloc}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL has an unsupported scheme {scheme!r} (use redis://, file://, locmem:// or dummy://)."
    )


def mailer_from_url(url: str) -> dict:
    """Turn ``smtp://user:pass@host:587?tls=1``, ``smtps://…``, ``console://``, ``locmem://`` or
    ``file:///dir`` into a ``MAILERS`` entry."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL has an unsupported scheme {parts.scheme!r}.")
    options: dict = {}
    if parts.scheme in {"smtp", "smtps"}:
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", "").lower() in _TRUE,
            "timeout": int(query.get("timeout", 30)),
        }
    elif parts.scheme == "file":
        options = {"file_path": parts.path}
    return {"BACKEND": backends[parts.scheme], "OPTIONS": options}


def mailer_from_env() -> dict:
    """The default mailer from ``EMAIL_URL``, else from the usual ``EMAIL_*`` variables."""
    if env_str("EMAIL_URL"):
        return mailer_from_url(env_str("EMAIL_URL"))
    backend = env_str("EMAIL_BACKEND")
    if not backend and not env_str("EMAIL_HOST"):
        # Development: one line per mail on the console (config/mail.py); EMAIL_URL=console:// for
        # whole messages.
        return (
            {"BACKEND": "config.mail.SummaryConsoleBackend"} if DEBUG else mailer_from_url("smtp://localhost")
        )
    options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
    return {"BACKEND": backend or "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


def _secret_key_is_strong(key: str) -> bool:
    """Django's own test for an insecure key (``security.W009``), made fatal when DEBUG is off."""
    return (
        len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
        and not key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


# --- Core -------------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without a secret key: "
            "set the SECRET_KEY environment variable to a long random string."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and not _secret_key_is_strong(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, and no {SECRET_KEY_INSECURE_PREFIX!r} prefix "
        f"(got {len(SECRET_KEY)} characters). Generate one with: python -c "
        '"import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_ckeditor_5",
    "config.apps.TasksDatabaseConfig",  # django_tasks_db, named in Chinese
    "django_htmx",
    "contributors",
    "articles",
    "bulletin",
    "distribution",
    "infowork",
    "formats",
    "reader",
    "desk",
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.bad_input.RefuseNulMiddleware",
    "config.bad_input.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The desk's frame for desk pages that another app's view renders (lazy: free elsewhere).
                "desk.context.desk_frame",
            ],
        },
    },
    # The reader's most read pages (the issue, the latest issue) and the partials they share with
    # the pages above: Jinja2 renders them several times faster (reader/jinja.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "reader.jinja.environment",
            "context_processors": ["reader.jinja.page_context"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------------

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))


def database_from_url(url: str) -> dict:
    try:
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0), conn_health_checks=True
        )
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({error}): {url.split('@')[-1]!r}") from None
    if not config.get("ENGINE") or (not config.get("NAME") and "sqlite" not in config["ENGINE"]):
        raise ImproperlyConfigured(f"DATABASE_URL names no database: {url.split('@')[-1]!r}")
    return config


DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout waits out short write locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reader pages stay cached this long at most; invalidation is exact because every process shares
# the cache (its version tokens, reader/cache.py). In production the default is a file cache under
# VAR_DIR, shared by the gunicorn workers of one machine; several machines need Redis. Development
# uses the same file cache, so an issue imported or published from the command line shows at once
# on the pages `make run` serves (a per-process LocMem cache would keep them for up to
# READER_CACHE_TIMEOUT). LocMem (`CACHE_URL=locmem://…`) is for tests: with it a change made in one
# process is not seen by the others, and `check --deploy` reports it as an error (config/checks.py).
READER_CACHE_TIMEOUT = env_int("READER_CACHE_TIMEOUT", 600)
_cache_url = (
    env_str("CACHE_URL") or env_str("REDIS_URL") or f"file://{(VAR_DIR / 'cache').resolve().as_posix()}"
)
CACHES = {"default": cache_from_url(_cache_url)}

# Background work through django.tasks: run inline by default; "database" queues it for the
# `manage.py db_worker` process of django-tasks-db (mail, scheduled publishing, page rendering).
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
_task_backend = env_str("TASKS_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS and "." not in _task_backend:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {_task_backend!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}

# --- Auth -------------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Login throttle (contributors/login_guard.py): failures counted within the window lock the
# account, or the network address, until the window passes or an administrator unlocks it.
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_MAX_FAILURES_PER_ACCOUNT = env_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
# How many reverse proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Language and time ------------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def media_storage() -> dict:
    """Local files by default; S3-compatible object storage (django-storages) with MEDIA_STORAGE=s3."""
    kind = env_str("MEDIA_STORAGE", "local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', got {kind!r}.")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": env_str("AWS_LOCATION", "media"),
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {k: v for k, v in options.items() if v is not None},
    }


STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# --- Static publishing (issue 12, reader/publishing/) ---------------------------------------------
# Published public reader pages are also written as files under STATIC_PAGES_ROOT, which nginx serves
# before asking Django (deploy/nginx/bulletin.conf). On when STATIC_PAGES_ROOT is set in the
# environment, off otherwise (development, tests); STATIC_PAGES=0/1 overrides. Django serves every
# page without the files all the same.
STATIC_PAGES_ROOT = Path(env_str("STATIC_PAGES_ROOT") or str(VAR_DIR / "pages"))
STATIC_PAGES = env_bool("STATIC_PAGES", bool(env_str("STATIC_PAGES_ROOT")))
# Free space below which publishing refuses to start and `manage.py check` reports an error.
STATIC_PAGES_MIN_FREE_MB = env_int("STATIC_PAGES_MIN_FREE_MB", 50)
# Export formats written beside the issue pages (default: every available one: txt, pdf, docx).
STATIC_PAGES_FORMATS = env_list("STATIC_PAGES_FORMATS", [])

# Let Django serve uploaded files (development only; nginx serves them in production).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Mail -------------------------------------------------------------------------------------------

MAILERS = {"default": mailer_from_env()}
# Distribution (distribution/): personal reading links and e-mail delivery.
READING_LINK_MAX_AGE_DAYS = env_int("READING_LINK_MAX_AGE_DAYS", 60)
DELIVERY_MAX_ATTEMPTS = env_int("DELIVERY_MAX_ATTEMPTS", 5)
DELIVERY_BATCH_SIZE = env_int("DELIVERY_BATCH_SIZE", 50)
# The site's address as readers reach it, for links in e-mails (no trailing slash). `make run` sets it
# to the address it serves on (http://$HOST:$PORT); the default matches its defaults.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "工会工作简报 <bulletin@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security (hardened further for deployment by the production settings in the environment) ------

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The rich-text editor reads the CSRF cookie to send its uploads; HttpOnly would only break it.
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django 6.1): scripts only from our own origin — no inline scripts
# anywhere, the reader site needs none and the admin and CKEditor 5 work without. Inline styles
# stay allowed (the admin's and CKEditor's own); images may be data:/blob: (editor previews).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env_str("MEDIA_STORAGE") == "s3" and env_str("AWS_S3_CUSTOM_DOMAIN"):
    SECURE_CSP["img-src"].append("https://" + env_str("AWS_S3_CUSTOM_DOMAIN"))
elif env_str("MEDIA_STORAGE") == "s3" and env_str("AWS_S3_ENDPOINT_URL"):
    SECURE_CSP["img-src"].append(env_str("AWS_S3_ENDPOINT_URL"))
# HTTPS: on by default in production. Behind a proxy that terminates TLS, set
# BEHIND_HTTPS_PROXY=1 so X-Forwarded-Proto tells Django the request was secure.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # local probes speak plain HTTP
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)

# --- Rich text --------------------------------------------------------------------------------------

# What a bulletin needs and nothing more; the server-side allowlist (articles/sanitize.py) matches it.
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "removePlugins": [
            "Markdown",
            "HtmlEmbed",
            "SourceEditing",
            "GeneralHtmlSupport",
            "FullPage",
            "MediaEmbed",
            "CodeBlock",
            "Code",
            "Mention",
            "Style",
            "TodoList",
            "Highlight",
            "Font",
            "Autosave",
            "CKFinderUploadAdapter",
            "TableProperties",
            "TableCellProperties",
            "PageBreak",
            "ShowBlocks",
            "Strikethrough",
            "Subscript",
            "Superscript",
            "IndentBlock",
        ],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "|",
                "alignment",
                "|",
                "bulletedList",
                "numberedList",
                "|",
                "blockQuote",
                "insertTable",
                "link",
                "insertImage",
                "|",
                "removeFormat",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "标题 1", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "标题 2", "class": "ck-heading_heading3"},
            ]
        },
        "alignment": {
            "options": [
                {"name": "left", "className": "text-align-left"},
                {"name": "center", "className": "text-align-center"},
                {"name": "right", "className": "text-align-right"},
                {"name": "justify", "className": "text-align-justify"},
            ]
        },
        "image": {
            # Pictures come in only through the validated upload endpoint, never by URL.
            "insert": {"integrations": ["upload"]},
            "toolbar": [
                "toggleImageCaption",
                "imageTextAlternative",
                "|",
                "imageStyle:inline",
                "imageStyle:block",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]},
        "link": {"defaultProtocol": "https://"},
    }
}
# Uploads go to our own validated endpoint, not the package's.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "articles:image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]

# --- Logging ----------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
