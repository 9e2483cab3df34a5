"""The sports association (AS) of an establishment: the member of the federation that affiliates
each season and licenses its pupils."""

from django.core.exceptions import ValidationError
from django.db import models

from opuss.core.scope import Level, ScopedQuerySet
from opuss.territories.models import Department, District, Establishment


class AssociationQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "pk",
        Level.DEPARTMENT: "department",
        Level.ACADEMY: "department__academy",
    }


class SportsAssociation(models.Model):
    # Memento 2011-2012: "un code d'accès à 5 caractères (Ex : 16001) constitué du numéro
    # d'académie à deux caractères et d'un numéro d'ordre dans l'académie à trois caractères".
    code = models.CharField("code AS", max_length=5, unique=True)
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name="établissement",
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name="département de rattachement",
    )
    # 2025-2026 circular: "Chaque AS doit être affectée à un district."
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="associations", verbose_name="district"
    )
    email = models.EmailField("e-mail de l'AS", blank=True)
    phone = models.CharField("téléphone de l'AS", max_length=20, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = "association sportive"
        verbose_name_plural = "associations sportives"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{5}$"), name="association_code_five_digits"
            )
        ]

    def __str__(self) -> str:
        return f"AS {self.code} – {self.establishment}"

    @property
    def academy(self):
        return self.department.academy

    def clean(self) -> None:
        errors = {}
        if self.department_id and self.code[:2] != self.department.academy.code:
            errors["code"] = (
                f"Le code AS commence par le numéro de l'académie ({self.department.academy.code})."
            )
        if (
            self.district_id
            and self.department_id
            and self.district.department_id != self.department_id
        ):
            errors["district"] = "Le district doit appartenir au département de rattachement."
        if errors:
            raise ValidationError(errors)
