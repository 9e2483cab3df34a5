from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404


class NationalAdminSite(admin.AdminSite):
    """Django's admin, for the national direction (DN) only. Anyone else gets a 404, as for any
    page out of scope; an anonymous visitor is sent to the one login page."""

    site_header = "OPUSS – administration nationale"
    site_title = "OPUSS"
    index_title = "Administration"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        guarded.__wrapped__ = inner
        guarded.admin_site = self
        guarded.login_required = False
        return guarded

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next", self.name), settings.LOGIN_URL)
