from django.urls import path

from opuss.core import export_views, favicon, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("espace/", views.switch_role, name="switch_role"),
    path("services/", views.staff_home, name="staff_home"),
    path("conditions-utilisation/", views.terms, name="terms"),
    path("cookies/", views.cookies, name="cookies"),
    path("sante/", views.health, name="health"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("code-source/", views.source_code, name="source"),
    path("code-source/archive.tar.gz", views.source_archive, name="source_archive"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("mes-exports/", export_views.exports, name="exports"),
    path("mes-exports/<int:pk>/", export_views.export_status, name="export_status"),
    path("mes-exports/<int:pk>/fichier/", export_views.export_download, name="export_download"),
]
