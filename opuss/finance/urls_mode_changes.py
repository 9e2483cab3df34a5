from django.urls import path

from opuss.finance import views_mode_changes as views

app_name = "mode_changes"

# The AS asks under its code; the request itself, for the AS and its services, by its number.
urlpatterns = [
    path("as/<str:code>/mode-de-paiement/", views.request_page, name="request"),
    path("changements-mode-de-paiement/", views.change_list, name="list"),
    path("changements-mode-de-paiement/<int:pk>/", views.detail, name="detail"),
    path("changements-mode-de-paiement/<int:pk>/rib/", views.rib, name="rib"),
    path(
        "changements-mode-de-paiement/<int:pk>/confirmer/",
        views.confirm_password,
        name="password",
    ),
    path("changements-mode-de-paiement/<int:pk>/accepter/", views.accept, name="accept"),
    path("changements-mode-de-paiement/<int:pk>/refuser/", views.refuse, name="refuse"),
    path("changements-mode-de-paiement/<int:pk>/fiche.pdf", views.form_pdf, name="pdf"),
]
