from django.conf import settings
from django.db import models


class DemoAccount(models.Model):
    """Which account plays which role in the demo (`opuss demo-accounts`)."""

    role = models.CharField("rôle de démonstration", max_length=20, unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    login = models.CharField("identifiant", max_length=254)

    class Meta:
        verbose_name = "compte de démonstration"

    def __str__(self) -> str:
        return f"{self.role}: {self.login}"

    @property
    def name(self) -> str:
        return str(self.user)
