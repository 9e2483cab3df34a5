from django.urls import path

from bench.views import trivial
from opuss.urls import urlpatterns as opuss_urlpatterns

urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *opuss_urlpatterns]
