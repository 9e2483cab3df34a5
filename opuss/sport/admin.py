from django.contrib import admin

from opuss.sport.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    search_fields = ["name"]
