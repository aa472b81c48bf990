"""Deploy checks of the cms app: no demo account on a production site (issue #16)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.db.models import Q


def demo_accounts_present() -> list[str]:
    """Usernames of the demo accounts ``load_demo`` creates that exist here: the default commune's,
    those of the communes ``load_demo --communes N`` adds (``bientap2``, ``canbo3``…) and the
    province's ``tinh`` (issue #17).

    A demo account is a user with a demo username that still has its demo e-mail address or its
    published password; a real officer who happens to be called ``canbo`` is not one.
    """
    from cms.demo.accounts import COMMUNE_ACCOUNT_NAME, DEMO_ACCOUNTS, PROVINCE_ACCOUNT, demo_account

    fixed = [account["username"] for account in (*DEMO_ACCOUNTS, PROVINCE_ACCOUNT)]
    candidates = get_user_model().objects.filter(
        Q(username__in=fixed) | Q(username__regex=COMMUNE_ACCOUNT_NAME.pattern)
    )
    found = []
    for user in candidates.order_by("username"):
        account = demo_account(user.username)
        if account is None:
            continue
        if user.email.lower() == account["email"].lower() or user.check_password(account["password"]):
            found.append(user.username)
    return found


@register(Tags.security, deploy=True)
def check_no_demo_accounts(app_configs=None, **kwargs) -> list[Error]:
    """``check --deploy`` fails while a demo account, whose password is published, exists."""
    try:
        found = demo_accounts_present()
    except DatabaseError:
        return []  # no database or no tables yet: no accounts either
    if not found:
        return []
    return [
        Error(
            f"Còn tài khoản mẫu với mật khẩu công khai: {', '.join(found)}.",
            hint=(
                "Dữ liệu mẫu (manage.py load_demo) không dùng cho cổng thật: xóa các tài khoản này "
                "trong trang quản trị (Cài đặt → Người dùng) hoặc cài lại cơ sở dữ liệu không có dữ liệu mẫu."
            ),
            id="cms.E001",
        )
    ]
