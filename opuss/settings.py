"""One settings module, read from the environment. Defaults serve a fresh clone (SQLite, console
e-mail, tasks run inline); production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_* and
TASKS_BACKEND=database (see README, "Configuration")."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opuss.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("OPUSS_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment; on a development machine, one generated once into var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address of e-mailed links and of the card's QR code. In development it follows PORT (`make
# run`); a production server must name it, or every link it sends would be dead. The test suite
# runs without DEBUG too: pytest names itself in PYTEST_VERSION before any settings are read.
SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL and not DEBUG and "PYTEST_VERSION" not in os.environ:
    raise ImproperlyConfigured(
        "SITE_URL manquant : donnez l'adresse publique du site (ex. https://opuss.unss.org), "
        "sur laquelle sont bâtis les liens des courriels et le QR code des licences."
    )
SITE_URL = SITE_URL or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

INSTALLED_APPS = [
    "opuss.core.apps.OpussAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_zxcvbn_password_validator",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "opuss.core",
    "opuss.territories",
    "opuss.seasons",
    "opuss.associations",
    "opuss.accounts",
    "opuss.licences",
    "opuss.sport",
    "opuss.finance",
    "opuss.affiliations",
    "opuss.guardians",
    "opuss.content",
    "opuss.competitions",
    "opuss.register",
    "opuss.association_life",
    "opuss.jo",
    "opuss.privacy",
    "opuss.dashboards",
    "opuss.demo",
]

MIDDLEWARE = [
    # First: every response, a redirect or an error page too, carries its X-Request-ID.
    "opuss.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login check: the second factor, then the record of the open session.
    "opuss.accounts.twofactor.TwoFactorMiddleware",
    "opuss.accounts.sessions.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page that needs the open season says in French that none is open (a fresh install).
    "opuss.core.middleware.NoCurrentSeasonMiddleware",
    "opuss.seasons.middleware.SeasonMemoMiddleware",
    # The author of the changes django-auditlog records (opuss/core/auditing.py).
    "auditlog.middleware.AuditlogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opuss.urls"
WSGI_APPLICATION = "opuss.wsgi.application"

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
                "opuss.accounts.context_processors.active_role",
                "opuss.seasons.context_processors.extranet_state",
            ],
        },
    },
    # E-mails are plain text: nothing to escape (« l'AS » must not arrive as « l&#x27;AS »).
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opuss.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# A read replica for exports and dashboards (opuss/core/replica.py, docs/deploy.md).
if _replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["opuss.core.replica.ReplicaRouter"]
# The homes' blocks computed once per AS and per territory, for a minute or until a change
# (opuss/core/caching.py). One process: its memory; several app servers share Redis (CACHE_URL,
# docs/deploy.md), so that a change forgets the block everywhere at once.
if _cache_url := os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every request is one transaction: a view either does all its writes or none.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite: a transaction takes the write lock when it begins, so concurrent writers wait for
    # each other (busy timeout) instead of failing; tests use a file so that threads share it.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "opuss.accounts.backends.EmailOrLicenceBackend",
]
# argon2id at OWASP's parameters (opuss/accounts/hashers.py); a hash made with other parameters
# (Django's defaults) is rehashed at its owner's next login.
PASSWORD_HASHERS = [
    "opuss.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# CNIL 2022 recommendation / OWASP ASVS V2.1: length (12+) and a guessability check,
# no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # zxcvbn told what an attacker tries first: these words, and the person's names, e-mail, AS
    # and the season (opuss.accounts.passwords).
    {"NAME": "opuss.accounts.passwords.ContextualZxcvbnValidator"},
]
PASSWORD_EXTRA_DICTIONARY = ["unss", "opuss", "sport", "scolaire", "extranet"]
PASSWORD_MINIMAL_STRENGTH = 3  # zxcvbn score 0..4
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # a link by e-mail stays valid three days

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# "Se souvenir de moi" keeps the session this long; otherwise it ends with the browser.
SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Lock-out (opuss.accounts.lockout): failures are counted per account and address, and per
# account; never per address alone, or six failures behind a school's one address would lock
# out everyone there. Axes has one limit and one delay: LockoutHandler decides with two limits
# and a delay that grows with each failure past the limit (LOCKOUT_DELAYS, the last is the cap).
AXES_HANDLER = "opuss.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))  # per account and address
LOCKOUT_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_ACCOUNT_FAILURE_LIMIT", "20"))
LOCKOUT_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
AXES_LOCK_OUT_AT_FAILURE = False  # axes' own single limit is off: LockoutHandler.is_locked decides
# Failures are forgotten a day after the last one (axes' "cool-off" is this memory, not the lock).
AXES_COOLOFF_TIME = timedelta(hours=24)
# Attempts refused during a lock are not counted: the delay grows with passwords really tried.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # LockoutHandler forgets the failures from this address only
# Each failure kept one by one (kept a year, opuss.privacy.periods): the person sees them in his
# data download, and staff see what happened to a locked account.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_FORM_FIELD = "username"  # our form field, not USERNAME_FIELD ("email")
AXES_USERNAME_CALLABLE = "opuss.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "opuss.accounts.lockout_views.locked_out"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0"))
AXES_VERBOSE = False

# django-auditlog: the changes stored as JSON values (booleans stay booleans, a foreign key its
# id); no client address nor correlation id taken from headers that any client can forge.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_HEADER = None

# Second factor for the services' staff (TOTP apps, recovery codes); DN may make it mandatory.
OTP_TOTP_ISSUER = "UNSS Opuss"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Production runs `opuss collectstatic` and sets STATIC_MANIFEST=1 (hashed, compressed names);
# elsewhere files are served from the apps' folders as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", False)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Exports past what one request serves are built by a task, in « Mes exports » (issue #14): a
# list's XLSX of more rows than this, an AS's certified PDF list of more licences than that; the
# files (in MEDIA_ROOT/exports/, never served as static) are kept EXPORT_KEEP_DAYS days, the
# period « Données personnelles » states (opuss.privacy.periods.EXPORTS).
EXPORT_INLINE_MAX_ROWS = int(os.environ.get("EXPORT_INLINE_MAX_ROWS", "5000"))
CERTIFIED_LIST_INLINE_MAX = int(os.environ.get("CERTIFIED_LIST_INLINE_MAX", "200"))
EXPORT_KEEP_DAYS = 7
# Behind nginx: an internal location serving MEDIA_ROOT (e.g. "/_media/"); the download view
# checks the requester, then nginx sends the file (X-Accel-Redirect). Empty: the app sends it.
EXPORT_ACCEL_REDIRECT = os.environ.get("EXPORT_ACCEL_REDIRECT", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OPUSS <ne-pas-repondre@opuss.local>")

# Tasks run inline unless a worker is deployed: TASKS_BACKEND=database, then `opuss db_worker`.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "immediate")]
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: a site whose own address is https redirects plain http to it and tells browsers never
# to come back over http (HSTS, one year). A site whose address is http (a development machine,
# the test suite's client) cannot, so both default off there; the environment overrides either.
SERVED_OVER_HTTPS = SITE_URL.startswith("https://") and not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SERVED_OVER_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # a load balancer's probe may come over plain http
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SERVED_OVER_HTTPS else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS proxy Django sees plain http and the redirect would loop: trust the header the
# proxy sets, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only if the proxy
# overwrites that header on every request, or a client could claim https).
if _proxy_header := env_list("SECURE_PROXY_SSL_HEADER", ""):
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER: « EN_TETE,valeur » attendu.")
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_header)
# Preloading is a promise to browser vendors that is slow to undo, and leaving out subdomains a
# choice of the operator: `check --deploy` does not warn about what was decided on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Covering indexes (INCLUDE) are PostgreSQL's: SQLite builds them on their key columns.
    SILENCED_SYSTEM_CHECKS.append("models.W040")

# Content-Security-Policy (django-csp): our own scripts, styles and images only. The templates
# have no inline script, style element or style attribute; htmx comes from our static files and
# its indicator style is in our stylesheet (base.html turns htmx's injected <style> off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Logs on standard error, text or JSON (LOG_FORMAT=json), each line with its request id and
# without personal data (opuss/core/logs.py). Errors go to Sentry when SENTRY_DSN is set.
LOGGING = logging_config(
    os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "WARNING").upper()
)
if SENTRY_DSN := os.environ.get("SENTRY_DSN", ""):
    from opuss.core.error_reports import report_errors_to_sentry

    report_errors_to_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release_name=os.environ.get("SENTRY_RELEASE", ""),
    )

# The Faker seed of `opuss seed`: the same demo on every machine.
OPUSS_DEMO_SEED = int(os.environ.get("OPUSS_DEMO_SEED", "2025"))

# Demo and training only: judge opening periods and deadlines at this date-time (see core/clock).
OPUSS_NOW = os.environ.get("OPUSS_NOW", "")

# « Mentions légales »: the host of this installation (name, address, telephone), required by
# the LCEN (art. 6); until it is set the page says it is to be filled and `check --deploy` warns.
LEGAL_HOST = os.environ.get("LEGAL_HOST", "")
# AGPL-3.0 § 13: where this installation's source is published (a public repository, say). The
# « Code source » page links to it, and always offers the running code itself as an archive.
SOURCE_URL = os.environ.get("SOURCE_URL", "")

# The creditor of the SEPA mandates and of the monthly direct-debit files (UNSS national
# direction): its identifier (ICS) and the account the debits are credited to. The defaults are
# valid test values (demo and tests only).
SEPA_CREDITOR = {
    "name": os.environ.get("SEPA_CREDITOR_NAME", "Union Nationale du Sport Scolaire"),
    "address": os.environ.get("SEPA_CREDITOR_ADDRESS", "13, rue Saint-Lazare, 75009 Paris"),
    "identifier": os.environ.get("SEPA_CREDITOR_ID", "FR72ZZZ123456"),
    "iban": os.environ.get("SEPA_CREDITOR_IBAN", "FR1420041010050500013M02606"),
    "bic": os.environ.get("SEPA_CREDITOR_BIC", "PSSTFRPPPAR"),
}
