from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .receivers import sign_in_failed, signed_in

        user_logged_in.connect(signed_in, dispatch_uid="accounts.audit.signed_in")
        user_login_failed.connect(sign_in_failed, dispatch_uid="accounts.audit.sign_in_failed")
