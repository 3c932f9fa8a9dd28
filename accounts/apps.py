from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from authorities.signals import membership_given

        from . import api_schema  # noqa: F401  (registers the schema extension)
        from .middleware import mark_signed_in
        from .receivers import sign_in_failed, signed_in
        from .services import close_open_account_invitations

        user_logged_in.connect(signed_in, dispatch_uid="accounts.audit.signed_in")
        user_login_failed.connect(sign_in_failed, dispatch_uid="accounts.audit.sign_in_failed")
        # Django's own moment of signing in (password, join link, test client): the start of the
        # session's working-day lifetime.
        user_logged_in.connect(mark_signed_in, dispatch_uid="accounts.mark_signed_in")
        membership_given.connect(
            close_open_account_invitations, dispatch_uid="accounts.close_open_account_invitations"
        )
