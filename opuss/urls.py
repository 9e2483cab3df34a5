from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("opuss.core.urls")),
    path("compte/", include("opuss.accounts.urls")),
    path("as/", include("opuss.associations.urls")),
    path("", include("opuss.territories.urls")),
    path("", include("opuss.affiliations.urls")),
    path("licencies/", include("opuss.licences.urls")),
    path("", include("opuss.seasons.urls")),
    path("", include("opuss.licences.urls_basket")),
    path("", include("opuss.licences.urls_import")),
    path("", include("opuss.licences.urls_cards")),
    path("", include("opuss.licences.urls_corrections")),
    path("", include("opuss.licences.urls_unit")),
    path("", include("opuss.guardians.urls")),
    path("", include("opuss.content.urls")),
    path("", include("opuss.competitions.urls")),
    path("", include("opuss.register.urls")),
    path("", include("opuss.jo.urls")),
    path("", include("opuss.privacy.urls")),
    path("", include("opuss.finance.urls_debits")),
    path("", include("opuss.finance.urls_mode_changes")),
    path("", include("opuss.finance.urls_accounts")),
    path("", include("opuss.finance.urls_settlements")),
    path("admin/", admin.site.urls),
]
