"""opuss's settings and one page more, for the bench only: the "trivial" floor, a logged-in view
rendering a short template through the same middleware. The product has no bench URL."""

from opuss.settings import *  # noqa: F403
from opuss.settings import INSTALLED_APPS

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
