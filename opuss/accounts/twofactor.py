"""The second factor of the services' staff (SD, SR, DN): a TOTP application, with ten recovery
codes for a lost phone; the national direction may make it mandatory for a role. Devices are
django-otp's; a session counts as verified once `django_otp.login` has run in it."""

import base64
import binascii
import os
import time
from dataclasses import dataclass

import segno
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opuss.accounts.enums import STAFF_ROLES
from opuss.accounts.models import RoleAssignment, TwoFactorPolicy
from opuss.accounts.perms import holds_any_role
from opuss.core.audit import record

RECOVERY_CODE_COUNT = 10
PENDING_KEY_SESSION_KEY = "opuss_totp_pending_key"
NEW_CODES_SESSION_KEY = "opuss_recovery_codes"
DEVICE_NAME = "Application d'authentification"
QR_SCALE = 5  # pixels per module, with the standard quiet zone around

# What a session may open while it owes its second factor: the step itself and leaving.
VERIFY_STEP = "accounts:two_factor_verify"
SETUP_STEP = "accounts:two_factor_setup"
OPEN_DURING_STEP = {
    VERIFY_STEP: {VERIFY_STEP, "accounts:logout"},
    SETUP_STEP: {SETUP_STEP, "accounts:logout"},
}


class TwoFactorError(Exception):
    """A refusal, with its French message for the person."""


WRONG_CODE = (
    "Code incorrect. Saisissez le code à 6 chiffres affiché par votre application, ou l'un de vos "
    "codes de secours."
)


# Reads


def totp_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def required_roles() -> set[str]:
    return set(TwoFactorPolicy.objects.filter(required=True).values_list("role", flat=True))


def staff_without_device() -> dict[str, int]:
    """Per staff role, the active accounts that have no second factor yet: who a mandatory
    policy would stop at their next page."""
    counts = (
        RoleAssignment.objects.filter(role__in=STAFF_ROLES, user__is_active=True)
        .exclude(user__totpdevice__confirmed=True)
        .values("role")
        .annotate(count=Count("user", distinct=True))
    )
    return {row["role"]: row["count"] for row in counts}


def is_required_for(user) -> bool:
    if not holds_any_role(user, STAFF_ROLES):
        return False
    return holds_any_role(user, required_roles())


def pending_step(user) -> str | None:
    """The page a signed-in person must go through before any other, if any: the code of his
    device, or setting one up when his role requires it."""
    if user.is_verified():
        return None
    if totp_device_of(user) is not None:
        return VERIFY_STEP
    if is_required_for(user):
        return SETUP_STEP
    return None


class TwoFactorMiddleware:
    """Holds a signed-in session at its second-factor step until it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        step = pending_step(request.user)
        if step is None or request.resolver_match.view_name in OPEN_DURING_STEP[step]:
            return None
        url = reverse(step)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


# Setting up


@dataclass(frozen=True)
class Provisioning:
    """What the person's application needs: the secret as a QR code and as text."""

    uri: str
    secret: str  # base32, in groups of four for typing
    qr_data_uri: str  # a PNG: the CSP allows data: images, not inline SVG styles
    qr_size: int  # pixels, width and height


def pending_key(session) -> str:
    """The secret offered for setting up, kept in the session until a code confirms it (reloading
    the page shows the same QR code)."""
    if PENDING_KEY_SESSION_KEY not in session:
        session[PENDING_KEY_SESSION_KEY] = binascii.hexlify(os.urandom(20)).decode()
    return session[PENDING_KEY_SESSION_KEY]


def provisioning_for(user, key: str) -> Provisioning:
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME)
    uri = device.config_url
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(uri, error="m")
    return Provisioning(
        uri=uri,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_data_uri=qr.png_data_uri(scale=QR_SCALE),
        qr_size=qr.symbol_size(scale=QR_SCALE)[0],
    )


def _matching(key: str, token: str) -> TOTP | None:
    """The application's clock if this code is its code now (a step early or late allowed),
    else None."""
    token = _normalized(token)
    if not (token.isdigit() and len(token) == 6):
        return None
    totp = TOTP(binascii.unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp if totp.verify(int(token), tolerance=1) else None


def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use codes; those given before stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enable_totp(*, user, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Turns the second factor on once a code from the application proves it was set up."""
    if totp_device_of(user) is not None:
        raise TwoFactorError("La double authentification est déjà activée sur votre compte.")
    clock = _matching(key, token)
    if clock is None:
        raise TwoFactorError(
            "Ce code ne correspond pas. Saisissez le code à 6 chiffres affiché en ce moment par "
            "votre application (vérifiez que l'heure de votre téléphone est exacte)."
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # last_t: the code just typed cannot be used again to sign in.
        device = TOTPDevice.objects.create(
            user=user,
            key=key,
            name=DEVICE_NAME,
            confirmed=True,
            drift=clock.drift,
            last_t=clock.t(),
        )
        codes = new_recovery_codes(user)
        record(actor=user, action="double authentification activée", obj=user)
    return device, codes


def regenerate_recovery_codes(*, user) -> list[str]:
    if totp_device_of(user) is None:
        raise TwoFactorError("Activez d'abord la double authentification.")
    with transaction.atomic():
        codes = new_recovery_codes(user)
        record(actor=user, action="codes de secours renouvelés", obj=user)
    return codes


def disable_two_factor(*, user, password: str, token: str) -> None:
    """Turns the second factor off: the person proves it is him twice, password and code."""
    if totp_device_of(user) is None:
        raise TwoFactorError("La double authentification n'est pas activée sur votre compte.")
    if not user.check_password(password):
        raise TwoFactorError("Le mot de passe est incorrect.")
    verify_code(user, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor=user, action="double authentification désactivée", obj=user)


# Signing in


def _normalized(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def verify_code(user, token: str):
    """The device that accepts this code (the application's six digits, or a recovery code,
    then used up), or a TwoFactorError. Each device slows down repeated failures (django-otp's
    throttling), and the failures count even though the request answers with an error."""
    token = _normalized(token)
    is_app_code = token.isdigit() and len(token) == 6
    device = totp_device_of(user) if is_app_code else _static_device_of(user)
    if device is None:
        raise TwoFactorError(WRONG_CODE)
    allowed, data = device.verify_is_allowed()
    if not allowed and (data or {}).get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        raise TwoFactorError(
            "Trop de codes erronés à la suite : patientez quelques instants avant de réessayer."
        )
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        raise TwoFactorError(WRONG_CODE)
    return verified


def _static_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def complete_sign_in(request, device) -> None:
    """Marks the session verified, under a new key: the key known before the code was typed
    is worth nothing after."""
    otp_login(request, device)
    request.session.cycle_key()


# The national direction's policy


def set_required_roles(*, actor, roles) -> None:
    """Makes the second factor mandatory for these staff roles and optional for the others."""
    unknown = set(roles) - set(STAFF_ROLES)
    if unknown:
        raise TwoFactorError("Seuls les rôles SD, SR et DN ont une double authentification.")
    with transaction.atomic():
        for role in STAFF_ROLES:
            policy, _ = TwoFactorPolicy.objects.select_for_update().get_or_create(role=role)
            wanted = role in roles
            if policy.required == wanted:
                continue
            before = {"obligatoire": policy.required}
            policy.required = wanted
            policy.save(update_fields=["required", "updated_at"])
            record(
                actor=actor,
                action="double authentification obligatoire modifiée",
                obj=policy,
                before=before,
                after={"obligatoire": wanted},
            )
