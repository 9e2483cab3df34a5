from django.contrib import admin

from opuss.finance.models import BankAccount


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    """Read only, and the IBAN masked: only the SR's bank form shows it in full."""

    list_display = ["association", "holder", "iban_masked", "rum", "created_at"]
    search_fields = ["association__code", "rum"]
    fields = readonly_fields = [
        "association",
        "holder",
        "iban_masked",
        "bic",
        "rum",
        "created_at",
        "created_by",
    ]

    @admin.display(description="IBAN")
    def iban_masked(self, obj) -> str:
        return obj.masked_iban

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
