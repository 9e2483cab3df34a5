from django.urls import path

from opuss.licences import basket_views

app_name = "baskets"

urlpatterns = [
    path("as/<str:code>/panier/", basket_views.basket, name="basket"),
    path("as/<str:code>/panier/renouveler/", basket_views.add_renewals, name="add_renewals"),
    path("as/<str:code>/panier/ajouter/", basket_views.add_new, name="add_new"),
    path("as/<str:code>/panier/retirer/<int:line_id>/", basket_views.remove_line,
         name="remove_line"),
    path("as/<str:code>/panier/demandes/<int:request_id>/refuser/",
         basket_views.decline_request, name="decline_request"),
    path("as/<str:code>/panier/valider/", basket_views.validate, name="validate"),
]
