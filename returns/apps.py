from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Statutory returns built from the case data: the DfE's CIN census and Ofsted's Annex A lists."""

    name = "returns"
