from django.urls import path

from opuss.finance import views_settlements as views

app_name = "settlements"

urlpatterns = [
    path("finances/rejets/", views.rejects, name="rejects"),
    path("finances/rejets/import/", views.import_file, name="import"),
    path("finances/rejets/import/confirmer/", views.import_confirm, name="import_confirm"),
    path("finances/rejets/saisir/", views.choose_debit, name="choose_debit"),
    path("finances/rejets/prelevements/<int:pk>/rejeter/", views.reject, name="reject"),
    path("finances/rejets/prelevements/<int:pk>/", views.settle, name="settle"),
    path("finances/reglements/nouveau/", views.payment, name="payment"),
    path("finances/aides-nationales/", views.aids, name="aids"),
    path("finances/aides-nationales/nouvelle/", views.aid_create, name="aid_create"),
    path("as/<str:code>/rejets-et-aides/", views.association, name="association"),
]
