"""The admin's "Người dùng" per commune (issue #17): a commune's "Quản trị cổng" manages the staff
of its own communes only.

On an installation with several communes, a user who may manage users but does not see every
commune (``cms.communes.staff_site_ids``) lists, opens, edits and deletes only the accounts that
belong to a group of their communes (another account is not found, 404), assigns only those
groups (the account keeps its groups of other communes untouched), must give a new account at
least one of them (else it would vanish from their list), and cannot make anyone a superuser.
The province's group is never offered. An installation with a single commune is unchanged.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import Http404

from wagtail.models import Site
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from cms.communes import PROVINCE_GROUP, VIEW_ALL_COMMUNES, staff_site_ids

User = get_user_model()


def manageable_groups(user) -> QuerySet[Group] | None:
    """The groups ``user`` may assign: those of their communes; None when nothing is limited (a
    single commune, or a user who sees every commune)."""
    if Site.objects.count() <= 1:
        return None
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return None
    return (
        Group.objects.filter(commune_link__site__in=site_ids)
        .exclude(name=PROVINCE_GROUP)
        .exclude(permissions__codename=VIEW_ALL_COMMUNES.split(".", 1)[1])
        .order_by("name")
    )


def manageable_users(user) -> QuerySet | None:
    """The accounts ``user`` may manage (themselves and members of their communes' groups, never a
    superuser); None when nothing is limited."""
    groups = manageable_groups(user)
    if groups is None:
        return None
    members = User._default_manager.filter(Q(groups__in=groups) | Q(pk=user.pk)).exclude(is_superuser=True)
    return User._default_manager.filter(pk__in=members.values("pk"))


class CommuneUserFormMixin:
    """The groups field limited to the manager's communes; other groups of the account are kept."""

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.manageable = manageable_groups(request_user) if request_user is not None else None
        if self.manageable is not None:
            self.fields.pop("is_superuser", None)
            self.fields["groups"].queryset = self.manageable
            if self.instance.pk is None:
                self.fields["groups"].required = True
                self.fields["groups"].error_messages["required"] = "Hãy chọn ít nhất một nhóm của xã."

    def clean_groups(self):
        groups = list(self.cleaned_data.get("groups") or [])
        if self.manageable is None or self.instance.pk is None:
            return groups
        kept = self.instance.groups.exclude(pk__in=self.manageable.values("pk"))
        return groups + list(kept)


class CommuneUserCreationForm(CommuneUserFormMixin, UserCreationForm):
    pass


class CommuneUserEditForm(CommuneUserFormMixin, UserEditForm):
    pass


class ScopedObjectMixin:
    """An account outside the manager's communes is not found."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        scope = manageable_users(self.request.user)
        if scope is not None and not scope.filter(pk=obj.pk).exists():
            raise Http404
        return obj


class RequestUserFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request_user": self.request.user}


class CommuneUserFilterSet(users.UserFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        groups = manageable_groups(request.user) if request is not None else None
        if groups is not None:
            self.filters["group"].queryset = groups


class IndexView(users.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        scope = manageable_users(self.request.user)
        return queryset if scope is None else queryset.filter(pk__in=scope.values("pk"))


class CreateView(RequestUserFormMixin, users.CreateView):
    pass


class EditView(ScopedObjectMixin, RequestUserFormMixin, users.EditView):
    pass


class DeleteView(ScopedObjectMixin, users.DeleteView):
    pass


class HistoryView(ScopedObjectMixin, users.HistoryView):
    pass


class CommuneUserViewSet(users.UserViewSet):
    """Wagtail's users admin, per commune (see the module's docstring)."""

    filterset_class = CommuneUserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update=False):
        return CommuneUserEditForm if for_update else CommuneUserCreationForm
