"""People and what they may do. A person holds one or more roles, each with its scope."""

import functools
import operator

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from opuss.accounts.enums import ROLE_SCOPE_FIELD, Role
from opuss.territories.enums import Civility


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower() if email else None, **fields)
        user.set_password(password)  # None gives an unusable password: "ma première connexion"
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **fields):
        """A DN account (the federation's national staff), for `opuss createsuperuser`."""
        user = self.create_user(email, password, is_superuser=True, **fields)
        RoleAssignment.objects.create(user=user, role=Role.DN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    # Pupils often have no e-mail of their own: they log in with their licence number.
    email = models.EmailField("adresse e-mail", unique=True, null=True, blank=True)
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices, blank=True)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("créé le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            # Logins are case-insensitive: two accounts may not differ by case only.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def is_staff(self) -> bool:
        """Django's admin asks this; only the national direction (DN) uses the admin."""
        return self.is_active and self.has_role(Role.DN)

    def has_role(self, role: Role) -> bool:
        return any(assignment.role == role for assignment in self.role_assignments_cached)

    @property
    def role_assignments_cached(self) -> list["RoleAssignment"]:
        if not hasattr(self, "_role_assignments"):
            self._role_assignments = list(
                self.role_assignments.select_related(
                    "association__establishment", "department", "academy"
                )
            )
        return self._role_assignments

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        else:
            self.email = None
        super().save(*args, **kwargs)


def _scope_matches_role() -> models.Q:
    scope_fields = ("association", "department", "academy")
    conditions = [
        models.Q(role=role, **{f"{name}__isnull": name != wanted for name in scope_fields})
        for role, wanted in ROLE_SCOPE_FIELD.items()
    ]
    return functools.reduce(operator.or_, conditions)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="personne"
    )
    role = models.CharField("rôle", max_length=12, choices=Role.choices)
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="AS",
    )
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="département",
    )
    academy = models.ForeignKey(
        "territories.Academy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="académie",
    )
    created_at = models.DateTimeField("attribué le", auto_now_add=True)

    class Meta:
        verbose_name = "rôle attribué"
        verbose_name_plural = "rôles attribués"
        constraints = [
            # A role carries exactly the scope it needs: an AS role an AS, an SD a department,
            # an SR an académie, a pupil and DN none.
            models.CheckConstraint(
                condition=_scope_matches_role(), name="role_assignment_scope_matches_role"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "association"],
                condition=models.Q(association__isnull=False),
                name="role_assignment_unique_association",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="role_assignment_unique_department",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "academy"],
                condition=models.Q(academy__isnull=False),
                name="role_assignment_unique_academy",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(role__in=["PUPIL", "DN"]),
                name="role_assignment_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.scope_object
        return f"{self.get_role_display()} – {scope}" if scope else self.get_role_display()

    @property
    def scope_object(self):
        field = ROLE_SCOPE_FIELD[Role(self.role)]
        return getattr(self, field) if field else None


class TwoFactorPolicy(models.Model):
    """Whether the national direction makes the second factor mandatory for a staff role."""

    role = models.CharField("rôle", max_length=12, choices=Role.choices, unique=True)
    required = models.BooleanField("obligatoire", default=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "double authentification obligatoire"
        verbose_name_plural = "double authentification obligatoire"
        constraints = [
            # Only the services' accounts (SD, SR, DN) have a second factor.
            models.CheckConstraint(
                condition=models.Q(role__in=["SD", "SR", "DN"]), name="two_factor_policy_staff_role"
            ),
        ]

    def __str__(self) -> str:
        state = "obligatoire" if self.required else "facultative"
        return f"Double authentification {state} – {self.get_role_display()}"


class UserSession(models.Model):
    """One signed-in browser of a person, so that he can see where he is signed in and end it.
    Kept minimal (CNIL): a readable browser name and a truncated address, no raw user agent."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name="personne"
    )
    session_key = models.CharField("clé de session", max_length=40, unique=True)
    created_at = models.DateTimeField("ouverte le", default=timezone.now)
    last_seen_at = models.DateTimeField("dernière activité", default=timezone.now)
    device = models.CharField("navigateur", max_length=80, blank=True)
    ip_address = models.CharField("adresse IP (tronquée)", max_length=45, blank=True)

    class Meta:
        verbose_name = "session ouverte"
        verbose_name_plural = "sessions ouvertes"
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.device or 'Navigateur inconnu'} ({self.ip_address or 'adresse inconnue'})"
