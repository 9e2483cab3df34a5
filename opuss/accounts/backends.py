"""Log in with an e-mail address or a licence number (seed 000: "adresse mail ou N° de licence")."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from opuss.accounts.enums import Role


def normalize_login(identifier: str | None) -> str:
    return (identifier or "").strip().lower().replace(" ", "")


# The name django-axes counts an account's failures under. It has a space, which a typed login
# never keeps (normalize_login), so no login can be mistaken for another's account.
ACCOUNT_KEY_PREFIX = "compte "


def account_key(user) -> str:
    return f"{ACCOUNT_KEY_PREFIX}{user.pk}"


def account_pk(key: str) -> int | None:
    """The account an axes username stands for, if it stands for one."""
    pk = key.removeprefix(ACCOUNT_KEY_PREFIX)
    return int(pk) if key.startswith(ACCOUNT_KEY_PREFIX) and pk.isdigit() else None


def axes_username(request, credentials) -> str:
    """django-axes counts failures per account: its e-mail, its licence numbers, in any case or
    spacing, are one account. A login that names no account is counted as typed."""
    typed = (credentials or {}).get("username")
    if credentials is None and request is not None:
        typed = request.POST.get("username")
    login = normalize_login(typed)
    user = find_user(login)
    return account_key(user) if user is not None else login


def find_user(identifier: str):
    from opuss.licences.selectors import user_for_licence_number

    login = normalize_login(identifier)
    if not login:
        return None
    if "@" in login:
        return get_user_model().objects.filter(email=login).first()
    if login.isdigit():
        return user_for_licence_number(login)
    return None


class EmailOrLicenceBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Hash anyway, so that a wrong login takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj, perm, obj=None):
        # The national direction administers everything (it is the only role with the admin).
        if user_obj.is_active and user_obj.has_role(Role.DN):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and user_obj.has_role(Role.DN):
            return True
        return super().has_module_perms(user_obj, app_label)
