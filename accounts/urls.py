from django.contrib.auth import views as auth_views
from django.urls import path

from . import sign_in_views, views

urlpatterns = [
    path("join/<str:token>/", views.join, name="account-join"),
    path("me/", sign_in_views.account, name="account"),
    path("me/api-token/", sign_in_views.api_token, name="account-api-token"),
    path("two-factor/set-up/", sign_in_views.enrol, name="two-factor-enrol"),
    path("two-factor/set-up/qr-code.svg", sign_in_views.enrol_qr_code, name="two-factor-qr-code"),
    path("two-factor/verify/", sign_in_views.verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", sign_in_views.new_recovery_codes, name="two-factor-recovery-codes"),
    path("two-factor/turn-off/", sign_in_views.turn_off_two_factor, name="two-factor-turn-off"),
    # Django's password reset views under the names they reverse each other by.
    path("password-reset/", sign_in_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
