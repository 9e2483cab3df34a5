from django.urls import path

from opuss.accounts import lockout_views, security_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("premiere-connexion/", views.first_connection, name="first_connection"),
    path("mot-de-passe-oublie/", views.password_reset, name="password_reset"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sans-role/", views.no_role, name="no_role"),
    # « Comptes bloqués » (lockout_views)
    path("comptes-bloques/", lockout_views.locked_accounts, name="locked_accounts"),
    path("comptes-bloques/<int:pk>/debloquer/", lockout_views.unlock, name="unlock"),
    # Second factor, sessions (security_views)
    path("connexion/code/", security_views.two_factor_verify, name="two_factor_verify"),
    path("securite/", security_views.security, name="security"),
    path("securite/activer/", security_views.two_factor_setup, name="two_factor_setup"),
    path("securite/desactiver/", security_views.two_factor_disable, name="two_factor_disable"),
    path("securite/codes-de-secours/", security_views.recovery_codes, name="recovery_codes"),
    path(
        "securite/codes-de-secours/renouveler/",
        security_views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path(
        "double-authentification-obligatoire/",
        security_views.two_factor_policy,
        name="two_factor_policy",
    ),
    path("sessions/", security_views.session_list, name="sessions"),
    path("sessions/fin/", security_views.session_end, name="session_end"),
]
