from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_signed_in

        # Django's own moment of signing in (password, join link, test client): the start of the
        # session's working-day lifetime.
        user_logged_in.connect(mark_signed_in, dispatch_uid="accounts.mark_signed_in")
